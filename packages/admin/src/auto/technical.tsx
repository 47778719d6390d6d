import { FormControlLabel, Switch } from '@mui/material';
import { useStore, useTranslate } from 'react-admin';
import type { AdminModel, AutoField } from './types';

/** Kept in react-admin's store (localStorage): the switch stays as the admin left it, page to page. */
export const TECHNICAL_KEY = 'jiafang.technical';

/**
 * Whether ids, versions and the like are shown: only when the API says the role may
 * (`me.technicalInfo`) and the user switched 技术信息 on. Clerks never see them.
 */
export const useTechnical = (model: AdminModel): boolean => {
    const [on] = useStore<boolean>(TECHNICAL_KEY, false);
    return model.technical && on;
};

/** The fields a screen shows: technical ones only with the switch on. */
export const shownFields = <F extends AutoField>(fields: F[], technical: boolean): F[] =>
    technical ? fields : fields.filter(f => !f.technical);

/** The 技术信息 switch, for roles that may use it (lists' toolbar, detail pages). */
export const TechnicalToggle = ({ model }: { model: AdminModel }) => {
    const translate = useTranslate();
    const [on, setOn] = useStore<boolean>(TECHNICAL_KEY, false);
    if (!model.technical) return null;
    return (
        <FormControlLabel
            sx={{ ml: 0, mr: 1 }}
            control={<Switch size="small" checked={on} onChange={(_, checked) => setOn(checked)} />}
            label={translate('jiafang.technical.toggle')}
            slotProps={{ typography: { variant: 'body2' } }}
        />
    );
};
