"""Django admin, for superusers: a read-mostly view of the data. Staff work in the back office."""

from django.contrib import admin

from passculture.core.models import AuditLogEntry, StoredEmail


class ReadOnlyAdmin(admin.ModelAdmin):
    """Nothing can be added, changed or deleted here: history and messages are records, not drafts."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_label", "action", "target_type", "target_label"]
    list_filter = ["target_type"]
    search_fields = ["action", "actor_label", "target_label", "target_id"]
    date_hierarchy = "created_at"
    list_select_related = ["target_type"]
    show_full_result_count = False


@admin.register(StoredEmail)
class StoredEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
