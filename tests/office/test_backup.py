"""manage.py backup and restore: one archive brings the database and the uploaded files
back into an empty installation, or is refused and changes nothing."""

import io
import json
import os
import tarfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from cities.models import AgreementKind, Partner
from office import backup
from tests.factories import (
    make_agreement_kind,
    make_partner,
    make_photo,
    submit_visit_application,
)
from tests.visits.test_files import PDF_BYTES
from visits.models import Document, VisitApplication

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = io.StringIO()
    call_command(command, *(str(arg) for arg in args), stdout=out)
    return out.getvalue()


def row_counts():
    return {model._meta.label_lower: model._base_manager.count() for model in apps.get_models()}


def start_afresh(settings, tmp_path):
    """An empty installation: the database as `migrate` leaves it, no uploaded files."""
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media-after"


def submit_with_document(content=PDF_BYTES):
    documents = [SimpleUploadedFile("agenda.pdf", content, content_type="application/pdf")]
    return submit_visit_application(files={"documents": documents})


def members(archive):
    with tarfile.open(archive, "r:gz") as opened:
        return opened.getnames()


def manifest_of(archive):
    with tarfile.open(archive, "r:gz") as opened:
        return json.load(opened.extractfile("manifest.json"))


def rewrite_manifest(archive, change):
    """The same archive with change(manifest) applied, as other code would have made it."""
    copy = archive.with_name("changed.tar.gz")
    with tarfile.open(archive, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


# --- the round trip ---


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_holds_every_row_the_office_had(tmp_path, settings):
    run("load_demo")
    submit_with_document()
    counts = row_counts()
    slugs = sorted(Partner.objects.values_list("slug", flat=True))
    references = sorted(VisitApplication.objects.values_list("reference", flat=True))
    tsukuba = Partner.objects.get(slug="tsukuba")
    archive = tmp_path / "twinning.tar.gz"
    run("backup", archive)

    start_afresh(settings, tmp_path)
    assert not Partner.objects.exists()
    assert "Restored" in run("restore", archive)

    assert row_counts() == counts
    assert sorted(Partner.objects.values_list("slug", flat=True)) == slugs
    assert sorted(VisitApplication.objects.values_list("reference", flat=True)) == references
    restored = Partner.objects.get(slug="tsukuba")
    assert (restored.name_ja, restored.name_en) == (tsukuba.name_ja, tsukuba.name_en)
    # Timestamps to the microsecond: Django's own JSON would have rounded them.
    assert restored.created_at == tsukuba.created_at


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_a_restored_database_holds_the_same_dump(tmp_path, settings):
    run("load_demo")
    first = tmp_path / "first.tar.gz"
    run("backup", first)
    start_afresh(settings, tmp_path)
    run("restore", first)
    second = tmp_path / "second.tar.gz"
    run("backup", second)

    def dump(archive):
        with tarfile.open(archive, "r:gz") as opened:
            return opened.extractfile("database.jsonl").read()

    assert dump(second) == dump(first)
    assert manifest_of(second)["counts"] == manifest_of(first)["counts"]


@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_documents_and_photos(tmp_path, settings):
    content = PDF_BYTES + b"%" + os.urandom(2000)
    application = submit_with_document(content)
    photo = make_photo(make_partner())
    photo_files = sorted(
        p.relative_to(settings.MEDIA_ROOT) for p in settings.MEDIA_ROOT.rglob("*.*")
    )
    archive = tmp_path / "twinning.tar.gz"
    run("backup", archive)

    start_afresh(settings, tmp_path)
    run("restore", archive)

    document = Document.objects.get(application__reference=application.reference)
    with document.file.open("rb") as stored:
        assert stored.read() == content
    assert os.stat(document.file.path).st_mode & 0o777 == settings.FILE_UPLOAD_PERMISSIONS
    # The photo and its page sizes (renditions), which no row names one by one.
    assert photo_files and len(photo_files) > 1
    assert all((settings.MEDIA_ROOT / name).is_file() for name in photo_files)
    assert photo.image.name in {str(name) for name in photo_files}


IN_MEMORY_STORE = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_an_object_store_writes_the_files_through_the_storage_api(
    tmp_path, settings
):
    # An office that outgrows one machine restores its folder's archive into a store
    # shared by several servers (S3 in production; Django's in-memory store here).
    content = PDF_BYTES + b"%" + os.urandom(2000)
    application = submit_with_document(content)
    archive = tmp_path / "twinning.tar.gz"
    run("backup", archive)

    start_afresh(settings, tmp_path)
    settings.STORAGES = IN_MEMORY_STORE
    run("restore", archive)

    assert not (tmp_path / "media-after").exists()
    document = Document.objects.get(application__reference=application.reference)
    with document.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.django_db(transaction=True)
def test_a_backup_beside_an_object_store_says_the_files_are_not_in_it(tmp_path, settings):
    settings.STORAGES = IN_MEMORY_STORE
    application = submit_with_document()
    archive = tmp_path / "twinning.tar.gz"

    said = run("backup", archive)

    assert "InMemoryStorage" in said and "not in this archive" in said
    assert not [name for name in members(archive) if name.startswith("media/")]
    assert manifest_of(archive)["media"]["kept_in"].endswith("InMemoryStorage")
    start_afresh(settings, tmp_path)
    run("restore", archive)
    assert VisitApplication.objects.filter(reference=application.reference).exists()


@pytest.mark.django_db(transaction=True)
def test_applications_and_partners_created_after_a_restore_get_new_numbers(tmp_path, settings):
    before = submit_with_document()
    partner = make_partner()
    archive = tmp_path / "twinning.tar.gz"
    run("backup", archive)
    start_afresh(settings, tmp_path)
    run("restore", archive)

    after = submit_with_document()
    assert after.pk > before.pk
    prefix, number = after.reference.rsplit("-", 1)
    assert before.reference == f"{prefix}-{int(number) - 1:04d}"
    assert make_partner().pk > partner.pk


# --- what the archive holds ---


def test_the_archive_holds_the_manifest_first_then_the_dump_then_the_files(tmp_path):
    submit_with_document()
    archive = tmp_path / "twinning.tar.gz"
    run("backup", archive)
    names = members(archive)
    assert names[:2] == ["manifest.json", "database.jsonl"]
    assert len(names) == 3 and names[2].startswith("media/visits/")
    manifest = manifest_of(archive)
    assert manifest["counts"]["visits.visitapplication"] == 1
    assert manifest["media"]["files"] == 1
    assert "visits" in manifest["migrations"]
    assert set(manifest["left_out"]) == {
        "contenttypes.contenttype",
        "auth.permission",
        "sessions.session",
    }


def test_the_archive_is_readable_by_its_owner_only(tmp_path):
    # It holds the delegations' personal data and the staff's password hashes.
    archive = tmp_path / "twinning.tar.gz"
    run("backup", archive)
    assert archive.stat().st_mode & 0o777 == 0o600


def test_a_backup_that_fails_halfway_leaves_the_previous_archive_alone(tmp_path, monkeypatch):
    submit_with_document()
    archive = tmp_path / "twinning.tar.gz"
    run("backup", archive)
    previous = archive.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_add_file", disk_full)
    with pytest.raises(OSError):
        run("backup", archive)
    assert archive.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media", "twinning.tar.gz"]


def test_a_backup_that_fails_leaves_no_file_where_none_was(tmp_path, monkeypatch):
    submit_with_document()
    monkeypatch.setattr(backup, "_add_file", lambda *args, **kwargs: 1 / 0)
    archive = tmp_path / "twinning.tar.gz"
    with pytest.raises(ZeroDivisionError):
        run("backup", archive)
    assert not archive.exists()
    assert not archive.with_name("twinning.tar.gz.partial").exists()


def test_a_backup_is_not_written_inside_media_root(settings):
    with pytest.raises(CommandError, match="outside MEDIA_ROOT"):
        run("backup", settings.MEDIA_ROOT / "twinning.tar.gz")


# --- refusals, which change nothing ---


def test_restore_refuses_a_database_in_use(tmp_path):
    make_partner(slug="kept")
    archive = tmp_path / "twinning.tar.gz"
    run("backup", archive)
    with pytest.raises(CommandError, match=r"not empty \(cities.Partner: 1\).*migrate"):
        run("restore", archive)
    assert list(Partner.objects.values_list("slug", flat=True)) == ["kept"]


def an_archive_with_a_large_file(tmp_path, settings):
    """An archive of an empty office with one agreement kind and 300 KB of uploads."""
    make_agreement_kind(slug="from-the-archive")
    # Random bytes do not compress: the file fills the archive's middle.
    (settings.MEDIA_ROOT / "agreements").mkdir(parents=True)
    (settings.MEDIA_ROOT / "agreements" / "signed.pdf").write_bytes(os.urandom(300_000))
    archive = tmp_path / "twinning.tar.gz"
    run("backup", archive)
    AgreementKind.objects.filter(slug="from-the-archive").delete()
    make_agreement_kind(slug="here-before")
    settings.MEDIA_ROOT = tmp_path / "media-after"
    return archive


def truncated(data):
    return data[: len(data) // 2]


def one_byte_changed(data):
    # Inside the random file, which gzip stores as it is: only its checksum notices.
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def not_gzip(data):
    return b"partner,agreement\n" * 100


@pytest.mark.parametrize("damage", [truncated, one_byte_changed, not_gzip])
def test_restore_refuses_a_damaged_archive_and_changes_nothing(tmp_path, settings, damage):
    archive = an_archive_with_a_large_file(tmp_path, settings)
    before = sorted(AgreementKind.objects.values_list("slug", flat=True))
    assert "here-before" in before
    archive.write_bytes(damage(archive.read_bytes()))
    with pytest.raises(CommandError, match="damaged"):
        run("restore", archive)
    assert sorted(AgreementKind.objects.values_list("slug", flat=True)) == before
    assert not settings.MEDIA_ROOT.exists()


def test_restore_refuses_an_archive_that_is_no_backup(tmp_path):
    archive = tmp_path / "photos.tar.gz"
    with tarfile.open(archive, "w:gz") as opened:
        opened.addfile(tarfile.TarInfo("photo.jpg"), io.BytesIO())
    with pytest.raises(CommandError, match="not a Twinning backup"):
        run("restore", archive)


def test_restore_refuses_an_archive_from_newer_code(tmp_path):
    archive = tmp_path / "twinning.tar.gz"
    run("backup", archive)
    newer = rewrite_manifest(
        archive, lambda manifest: manifest["migrations"]["visits"].append("0099_from_the_future")
    )
    with pytest.raises(CommandError, match="newer release.*visits.0099_from_the_future"):
        run("restore", newer)


def test_restore_refuses_an_archive_from_older_code_and_says_how_to_upgrade_it(tmp_path):
    archive = tmp_path / "twinning.tar.gz"
    run("backup", archive)
    last_visits_migration = manifest_of(archive)["migrations"]["visits"][-1]
    older = rewrite_manifest(archive, lambda manifest: manifest["migrations"]["visits"].pop())
    with pytest.raises(CommandError, match=f"older release.*visits.{last_visits_migration}"):
        run("restore", older)
    with pytest.raises(CommandError, match="Restore it with that release, then upgrade"):
        run("restore", older)
