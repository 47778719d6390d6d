import { Alert, Box, Button, CardContent, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { useLogin, useTranslate } from 'react-admin';
import { graphqlFetch } from './graphqlFetch';
import { clearPasswordChange, type PendingChange } from './passwordChange';

const CHANGE = `mutation changePassword($current: String!, $next: String!) {
  changePassword(currentPassword: $current, newPassword: $next)
}`;

/** First sign-in with a one-time password: the user sets their own, then is signed in with it. */
export const ChangePasswordForm = ({ pending }: { pending: PendingChange }) => {
    const translate = useTranslate();
    const login = useLogin();
    const [values, setValues] = useState({ current: '', next: '', again: '' });
    const [error, setError] = useState<string | null>(null);
    const [busy, setBusy] = useState(false);
    const field = (name: keyof typeof values, label: string, autoComplete: string) => (
        <TextField
            name={name}
            label={translate(label)}
            type="password"
            autoComplete={autoComplete}
            value={values[name]}
            onChange={e => setValues(v => ({ ...v, [name]: e.target.value }))}
            required
            fullWidth
            margin="dense"
        />
    );
    const submit = async (event: FormEvent) => {
        event.preventDefault();
        if (values.next !== values.again) return setError(translate('jiafang.auth.mismatch'));
        setBusy(true);
        setError(null);
        try {
            // The one-time token only: it may do nothing else, and the change revokes it.
            await graphqlFetch(CHANGE, { current: values.current, next: values.next }, pending.token);
            clearPasswordChange();
            await login({ username: pending.username, password: values.next });
        } catch (e) {
            // The API's own message: which rule the new password broke, or a wrong current one.
            setError(e instanceof Error ? e.message : String(e));
            setBusy(false);
        }
    };
    return (
        <CardContent component="form" onSubmit={submit} aria-label={translate('jiafang.auth.change_title')}>
            <Typography variant="h6" component="h2">
                {translate('jiafang.auth.change_title')}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {translate('jiafang.auth.change_hint', { username: pending.username })}
            </Typography>
            {field('current', 'jiafang.auth.current_password', 'current-password')}
            {field('next', 'jiafang.auth.new_password', 'new-password')}
            {field('again', 'jiafang.auth.confirm_password', 'new-password')}
            {error && (
                <Alert severity="error" sx={{ mt: 1 }} role="alert">
                    {error}
                </Alert>
            )}
            <Box sx={{ display: 'flex', gap: 1, mt: 2 }}>
                <Button type="submit" variant="contained" disabled={busy} fullWidth>
                    {translate('jiafang.auth.change_submit')}
                </Button>
                <Button onClick={clearPasswordChange} disabled={busy}>
                    {translate('jiafang.auth.back_to_login')}
                </Button>
            </Box>
        </CardContent>
    );
};
