"""Log in, log out, change and reset passwords: Django's auth views with our templates (and
a rate limit on password-reset requests)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from ..http.ratelimit import password_reset_rate_limited
from ..views import accounts as account_views

app_name = "accounts"

urlpatterns = [
    path(
        "dang-nhap/",
        account_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", account_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "quen-mat-khau/",
        password_reset_rate_limited(
            account_views.PasswordResetView.as_view(
                success_url=reverse_lazy("accounts:password_reset_done"),
                email_template_name="registration/password_reset_email.txt",
                subject_template_name="registration/password_reset_subject.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# The second sign-in step and the account's security page (views/accounts.py).
two_factor_urlpatterns = [
    path("xac-thuc/", account_views.two_factor_verify, name="two_factor_verify"),
    path("xac-thuc/dang-ky/", account_views.two_factor_enrol, name="two_factor_enrol"),
    path(
        "xac-thuc/ma-du-phong/",
        account_views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("bao-mat/", account_views.account_security, name="security"),
    path("bao-mat/ma-du-phong-moi/", account_views.recovery_codes_new, name="recovery_codes_new"),
]
urlpatterns += two_factor_urlpatterns
