import MoreVertIcon from '@mui/icons-material/MoreVert';
import { Button, IconButton, Menu, MenuItem, Tooltip } from '@mui/material';
import { useState, type MouseEvent } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import { ActionDialog } from './ActionDialog';
import type { AdminModel, AutoAction, AutoResource } from './types';

type Row = Record<string, unknown>;

/** Offers a step only in a state it starts from (a completed visit offers neither 出发 nor 完成). */
const isOffered = (action: AutoAction, record: Row) =>
    !action.from || action.from.some(state => state.every(c => c.values.includes(String(record[c.field]))));

interface Props {
    resource: AutoResource;
    model: AdminModel;
}

/** The workflow steps of a record as buttons (Show page toolbar). */
export const WorkflowButtons = ({ resource, model }: Props) => {
    const record = useRecordContext();
    const [active, setActive] = useState<AutoAction | null>(null);
    if (!record) return null;
    const offered = resource.actions.filter(action => isOffered(action, record));
    return (
        <>
            {offered.map(action => (
                <Tooltip key={action.mutation} title={action.description}>
                    <Button size="small" variant="outlined" onClick={() => setActive(action)}>
                        {action.label}
                    </Button>
                </Tooltip>
            ))}
            {active && <ActionDialog action={active} model={model} open onClose={() => setActive(null)} />}
        </>
    );
};

/** The steps needing no extra input, in a compact menu on each list row. */
export const RowActionsMenu = ({ resource, model }: Props) => {
    const record = useRecordContext();
    const translate = useTranslate();
    const [anchor, setAnchor] = useState<HTMLElement | null>(null);
    const [active, setActive] = useState<AutoAction | null>(null);
    if (!record) return null;
    const offered = resource.actions.filter(action => action.inRows && isOffered(action, record));
    if (!offered.length) return null;
    const stop = (event: MouseEvent) => event.stopPropagation();
    return (
        <span onClick={stop}>
            <IconButton size="small" aria-label={translate('jiafang.action.menu')} onClick={e => setAnchor(e.currentTarget)}>
                <MoreVertIcon fontSize="small" />
            </IconButton>
            <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
                {offered.map(action => (
                    <MenuItem
                        key={action.mutation}
                        onClick={() => {
                            setAnchor(null);
                            setActive(action);
                        }}
                    >
                        {action.label}
                    </MenuItem>
                ))}
            </Menu>
            {active && <ActionDialog action={active} model={model} open onClose={() => setActive(null)} />}
        </span>
    );
};
