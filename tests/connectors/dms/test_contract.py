"""The contract every Démarches simplifiées client honours: run against the fake and the HTTP client (recordings)."""

import pytest

from passculture.connectors.dms import (
    DmsClient,
    DmsError,
    DmsNotFound,
    DmsRateLimited,
    DmsState,
    DmsUnauthorized,
    DmsUnavailable,
    Dossier,
    fake,
    iter_dossiers,
)

from .conftest import PAGE_SIZE, UPDATED_SINCE

SEED = {dossier.number: dossier for dossier in fake.SEED}


def test_both_clients_implement_the_interface(dms_client):
    assert isinstance(dms_client, DmsClient)


class TestGetDossier:
    def test_accepted_dossier_of_the_demo_cinema(self, dms_client):
        dossier = dms_client.get_dossier(fake.ACCEPTED_DOSSIER)

        assert isinstance(dossier, Dossier)
        assert dossier.number == fake.ACCEPTED_DOSSIER
        assert dossier.procedure_number == fake.PROCEDURE_NUMBER
        assert dossier.state is DmsState.ACCEPTE
        assert dossier.applicant_siret == fake.DEMO_HEAD_OFFICE_SIRET
        assert dossier.account_label == "Compte Cinéma Démo"
        assert dossier.iban.replace(" ", "") == "FR7630004000010001234567830"
        assert dossier.bic == "BNPAFRPP"
        assert dossier.updated_at.isoformat() == "2026-01-08T16:45:00+01:00"
        assert dossier.processed_at == dossier.updated_at
        assert dossier.deposited_at < dossier.instruction_started_at < dossier.processed_at

    def test_labels_are_matched_whatever_their_case_accents_and_colon(self, dms_client):
        # The recorded procedure writes "IBAN :" and "INTITULE DU COMPTE BANCAIRE" in some dossiers.
        on_going = dms_client.get_dossier(fake.ON_GOING_DOSSIER)
        unknown = dms_client.get_dossier(fake.UNKNOWN_SIRET_DOSSIER)

        assert (on_going.account_label, on_going.bic) == ("Librairie Démo Lyon", "BREDFRPP")
        assert on_going.iban == "FR7610107001750002030405019"
        assert (unknown.account_label, unknown.bic) == ("Compagnie inconnue", "CEPAFRPP")

    def test_draft_without_bic_gets_an_empty_bic(self, dms_client):
        dossier = dms_client.get_dossier(fake.DRAFT_DOSSIER)

        assert dossier.state is DmsState.EN_CONSTRUCTION
        assert dossier.bic == ""
        assert dossier.iban
        assert dossier.instruction_started_at is None
        assert dossier.processed_at is None

    def test_refused_dossier_carries_the_instructors_reason(self, dms_client):
        dossier = dms_client.get_dossier(fake.REFUSED_DOSSIER)

        assert dossier.state is DmsState.REFUSE
        assert "illisible" in dossier.motivation

    def test_dossier_closed_without_continuation(self, dms_client):
        assert dms_client.get_dossier(fake.WITHOUT_CONTINUATION_DOSSIER).state is DmsState.SANS_SUITE

    def test_a_correction_asked_by_the_instructor_is_pending(self, dms_client):
        dossier = dms_client.get_dossier(fake.CORRECTIONS_DOSSIER)

        assert dossier.state is DmsState.EN_CONSTRUCTION
        assert dossier.pending_correction is True
        assert dossier.correction_requested_at == dossier.updated_at
        assert dms_client.get_dossier(fake.DRAFT_DOSSIER).pending_correction is False

    def test_natural_person_has_no_siret_nor_bank_fields(self, dms_client):
        dossier = dms_client.get_dossier(fake.NATURAL_PERSON_DOSSIER)

        assert dossier.applicant_siret == ""
        assert (dossier.account_label, dossier.iban, dossier.bic) == ("", "", "")

    @pytest.mark.parametrize("number", sorted(SEED))
    def test_every_seeded_dossier_reads_the_same_in_both_clients(self, dms_client, number):
        assert dms_client.get_dossier(number) == SEED[number]

    @pytest.mark.parametrize(
        "number, error",
        [
            (fake.UNKNOWN_DOSSIER, DmsNotFound),
            (fake.FORBIDDEN_DOSSIER, DmsUnauthorized),
            (fake.RATE_LIMITED_DOSSIER, DmsRateLimited),
            (fake.UNAVAILABLE_DOSSIER, DmsUnavailable),
        ],
    )
    def test_failures(self, dms_client, number, error):
        with pytest.raises(error) as raised:
            dms_client.get_dossier(number)
        assert isinstance(raised.value, DmsError)
        assert raised.value.code in {"not_found", "unauthorized", "rate_limited", "unavailable"}


class TestListDossiers:
    def test_first_page_is_the_oldest_updates_with_a_cursor(self, dms_client):
        page = dms_client.list_dossiers(fake.PROCEDURE_NUMBER)

        assert len(page.dossiers) == PAGE_SIZE
        assert page.has_next_page is True
        assert page.end_cursor
        updates = [dossier.updated_at for dossier in page.dossiers]
        assert updates == sorted(updates)

    def test_paging_walks_every_dossier_once_oldest_update_first(self, dms_client, dms_calls):
        dossiers = list(iter_dossiers(dms_client, fake.PROCEDURE_NUMBER))

        assert sorted(d.number for d in dossiers) == sorted(SEED)
        assert [d.number for d in dossiers] == [
            d.number for d in sorted(fake.SEED, key=lambda d: (d.updated_at, d.number))
        ]
        assert dossiers == [SEED[d.number] for d in dossiers]
        if not getattr(dms_client, "is_fake", False):
            assert dms_calls() == 3  # 8 dossiers, 3 per page

    def test_updated_since_keeps_the_dossiers_updated_at_or_after_the_date(self, dms_client):
        dossiers = list(iter_dossiers(dms_client, fake.PROCEDURE_NUMBER, updated_since=UPDATED_SINCE))

        expected = sorted((d for d in fake.SEED if d.updated_at >= UPDATED_SINCE), key=lambda d: d.updated_at)
        assert [d.number for d in dossiers] == [d.number for d in expected]
        assert fake.ACCEPTED_DOSSIER not in {d.number for d in dossiers}

    def test_a_dossier_reads_the_same_in_a_page_and_alone(self, dms_client):
        listed = {d.number: d for d in iter_dossiers(dms_client, fake.PROCEDURE_NUMBER)}

        assert listed[fake.REFUSED_DOSSIER] == dms_client.get_dossier(fake.REFUSED_DOSSIER)

    def test_empty_procedure(self, dms_client):
        page = dms_client.list_dossiers(fake.EMPTY_PROCEDURE)

        assert page.dossiers == ()
        assert page.has_next_page is False

    @pytest.mark.parametrize(
        "procedure, error",
        [
            (fake.UNKNOWN_PROCEDURE, DmsNotFound),
            (fake.FORBIDDEN_PROCEDURE, DmsUnauthorized),
            (fake.RATE_LIMITED_PROCEDURE, DmsRateLimited),
            (fake.UNAVAILABLE_PROCEDURE, DmsUnavailable),
        ],
    )
    def test_failures(self, dms_client, procedure, error):
        with pytest.raises(error):
            dms_client.list_dossiers(procedure)
