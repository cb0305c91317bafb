from django.contrib import admin

from passculture.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Accounts are created by sign-up (or ``createsuperuser``); here a superuser fixes names and roles."""

    list_display = [
        "email",
        "first_name",
        "last_name",
        "is_staff",
        "is_active",
        "email_verified_at",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name", "phone"]
    ordering = ["email"]
    fields = [
        "email",
        "first_name",
        "last_name",
        "phone",
        "is_active",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
        "email_verified_at",
        "date_joined",
        "last_login",
    ]
    readonly_fields = ["email", "email_verified_at", "date_joined", "last_login"]
    filter_horizontal = ["groups", "user_permissions"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
