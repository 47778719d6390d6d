import { Alert, Typography } from '@mui/material';
import { useState } from 'react';
import { Login, LoginForm, useTranslate } from 'react-admin';
import { takeSessionExpired } from './token';
import { ChangePasswordForm } from './ChangePasswordForm';
import { usePendingPasswordChange } from './passwordChange';
import { usePrefetchWhileTyping } from './signedInCode';

/** react-admin's login page, titled with the product's name; a one-time password is changed here first. */
export const LoginPage = () => {
    const translate = useTranslate();
    const [expired] = useState(takeSessionExpired);
    const pending = usePendingPasswordChange();
    usePrefetchWhileTyping();
    return (
        <Login>
            <Typography variant="h5" component="h1" align="center" sx={{ mt: 1 }}>
                家访 Jiafang
            </Typography>
            <Typography variant="body2" align="center" color="text.secondary" sx={{ px: 2 }}>
                {translate('jiafang.login.subtitle')}
            </Typography>
            {expired && (
                <Alert severity="warning" sx={{ mx: 2, mt: 1 }}>
                    {translate('jiafang.auth.session_expired')}
                </Alert>
            )}
            {pending ? <ChangePasswordForm pending={pending} /> : <LoginForm />}
        </Login>
    );
};
