import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';

interface Props {
    extras: { name: string; label: string }[];
    values: Record<string, unknown>;
    onClose: () => void;
}

/** What a create answered beside the record (a new API token): shown once, to copy. */
export const OneTimeValuesDialog = ({ extras, values, onClose }: Props) => {
    const translate = useTranslate();
    return (
        <Dialog open fullWidth maxWidth="sm">
            <DialogTitle>{translate('jiafang.create.one_time_title')}</DialogTitle>
            <DialogContent>
                <Alert severity="warning" sx={{ mb: 2 }}>
                    {translate('jiafang.create.one_time_warning')}
                </Alert>
                {extras.map(extra => (
                    <TextField
                        key={extra.name}
                        label={extra.label.split(/[：:]/)[0]}
                        helperText={extra.label}
                        value={String(values[extra.name] ?? '')}
                        fullWidth
                        margin="dense"
                        slotProps={{
                            input: {
                                readOnly: true,
                                endAdornment: (
                                    <IconButton
                                        aria-label={translate('jiafang.create.copy')}
                                        onClick={() => navigator.clipboard?.writeText(String(values[extra.name] ?? ''))}
                                    >
                                        <ContentCopyIcon fontSize="small" />
                                    </IconButton>
                                ),
                            },
                        }}
                    />
                ))}
            </DialogContent>
            <DialogActions>
                <Button variant="contained" onClick={onClose}>
                    {translate('jiafang.create.one_time_done')}
                </Button>
            </DialogActions>
        </Dialog>
    );
};
