import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Button } from '@mui/material';
import { Link, useTranslate } from 'react-admin';
import { useImportable } from './importables';
import { importPath } from './paths';

/** 导入 on a list's toolbar, when the API lets the role import the resource. */
export const ImportButton = ({ resource }: { resource: string }) => {
    const translate = useTranslate();
    const state = useImportable(resource);
    if (state.status !== 'ready' || !state.info) return null;
    return (
        <Button size="small" startIcon={<UploadFileIcon />} component={Link} to={importPath(resource)}>
            {translate('jiafang.import.button')}
        </Button>
    );
};
