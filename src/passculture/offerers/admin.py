"""Read-mostly admin of structures and venues: status changes and decisions go through the back office,
which records the history, the audit entry and sends the emails."""

from django.contrib import admin

from passculture.core.admin import ReadOnlyAdmin
from passculture.offerers.models import Invitation, Membership, Offerer, OffererStatusChange, Venue


class StatusChangeInline(admin.TabularInline):
    model = OffererStatusChange
    fields = ["created_at", "from_status", "to_status", "author", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Offerer)
class OffererAdmin(admin.ModelAdmin):
    list_display = ["name", "siren", "city", "status", "sirene_check_pending", "created_at"]
    list_filter = ["status", "sirene_check_pending"]
    search_fields = ["name", "siren", "city"]
    date_hierarchy = "created_at"
    readonly_fields = ["siren", "status", "sirene_check_pending", "created_at", "status_changed_at"]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OffererStatusChange)
class OffererStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "offerer", "from_status", "to_status", "author"]
    list_filter = ["to_status"]
    search_fields = ["offerer__name", "offerer__siren", "author__email"]
    list_select_related = ["offerer", "author"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "offerer", "status", "created_at", "decided_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["user__email", "offerer__name", "offerer__siren"]
    list_select_related = ["user", "offerer", "decided_by"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "offerer", "invited_by", "created_at", "accepted_at"]
    search_fields = ["email", "offerer__name", "offerer__siren"]
    list_select_related = ["offerer", "invited_by"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "public_name", "siret", "offerer", "venue_type", "city", "is_virtual"]
    list_filter = ["venue_type", "is_virtual", "department_code"]
    search_fields = ["name", "public_name", "siret", "city", "offerer__name", "offerer__siren"]
    list_select_related = ["offerer"]
    readonly_fields = [
        "offerer",
        "siret",
        "is_virtual",
        "department_code",
        "timezone",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
