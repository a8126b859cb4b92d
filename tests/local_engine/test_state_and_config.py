"""State file (v3 export shape, secrets sealed, atomic) and stack config (namespaces, secure)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import yaml

from monite_pulumi.local_engine.crypter import Crypter, CrypterError, new_salt_state
from monite_pulumi.local_engine.project import ProjectError, load_project
from monite_pulumi.local_engine.properties import (
    SECRET_SIG,
    SIG_KEY,
    annotate_secrets,
    make_secret,
    strip_secrets,
)
from monite_pulumi.local_engine.state import ResourceState, StackState, StateError, StateFile
from monite_pulumi.platform import drift

CONNECTION = "pulumi-python:dynamic/monite:AccountingConnection"
URL = "https://connect.example.test/acme?token=VERY-SECRET"


def connection_state() -> StackState:
    return StackState(
        [
            ResourceState(
                urn=f"urn:pulumi:dev::p::{CONNECTION}::acme",
                type=CONNECTION,
                custom=True,
                id="c-1",
                inputs={"entity_id": "e-1"},
                outputs={
                    "status": "pending_auth",
                    "connection_url": make_secret(URL),
                    "errors": [],
                },
            )
        ]
    )


def test_secrets_are_sealed_in_the_file_and_open_with_the_passphrase(tmp_path: Path) -> None:
    StateFile(tmp_path, "dev", "phrase").save(connection_state())
    text = (tmp_path / "dev.json").read_text()
    assert "VERY-SECRET" not in text
    document = json.loads(text)
    assert document["version"] == 3
    sealed = document["deployment"]["resources"][0]["outputs"]["connection_url"]
    assert sealed[SIG_KEY] == SECRET_SIG
    assert sealed["ciphertext"].startswith("v1:")

    loaded = StateFile(tmp_path, "dev", "phrase").load()
    assert loaded.resources == connection_state().resources
    with pytest.raises(CrypterError, match="PULUMI_CONFIG_PASSPHRASE"):
        StateFile(tmp_path, "dev", "wrong").load()
    assert [p.name for p in tmp_path.iterdir()] == ["dev.json"]  # no temporary file left


def test_the_export_reads_like_the_clis_for_the_drift_check(tmp_path: Path) -> None:
    state = StateFile(tmp_path, "dev", "phrase")
    state.save(connection_state())
    plain = state.export(show_secrets=False)
    [connection] = drift.connection_states(plain)
    assert connection.tenant == "acme"
    assert connection.status == "pending_auth"
    shown = state.export(show_secrets=True)
    url = shown["deployment"]["resources"][0]["outputs"]["connection_url"]
    assert url == {SIG_KEY: SECRET_SIG, "plaintext": json.dumps(URL)}


def test_a_state_file_of_another_shape_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dev.json").write_text('{"version": 1}')
    with pytest.raises(StateError, match="version-3"):
        StateFile(tmp_path, "dev", "phrase").load()


def test_secret_wrappers_are_stripped_and_outputs_named_like_secret_inputs_stay_secret() -> None:
    secret = make_secret("s")
    assert strip_secrets({"a": [secret], "b": {"c": secret}}) == {"a": ["s"], "b": {"c": "s"}}
    outs = annotate_secrets({"token": "s", "id": "1"}, {"token": secret})
    assert outs == {"token": secret, "id": "1"}


def test_a_secret_inside_an_object_input_makes_only_that_output_key_secret() -> None:
    """provider_plugin.go ``annotateSecrets`` recurses where both sides are objects."""
    secret = make_secret("s")
    outs = annotate_secrets(
        {"auth": {"token": "s", "user": "u"}, "list": ["s", "t"]},
        {"auth": {"token": secret, "user": "u"}, "list": [secret, "t"]},
    )
    assert outs == {"auth": {"token": secret, "user": "u"}, "list": make_secret(["s", "t"])}


def write_project(root: Path, config: dict[str, object], **stack_file: object) -> None:
    (root / "Pulumi.yaml").write_text(
        yaml.safe_dump({"name": "proj", "runtime": {"name": "python"}, "stackConfigDir": "stacks"})
    )
    (root / "stacks").mkdir()
    (root / "stacks" / "Pulumi.dev.yaml").write_text(
        yaml.safe_dump({"config": config, **stack_file})
    )


def test_config_is_namespaced_json_encoded_and_secure_values_decrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    salt_state, crypter = new_salt_state("phrase")
    write_project(
        tmp_path,
        {
            "tenants": [{"name": "a"}],
            "monite:environment": "local",
            "monite:clientSecret": {"secure": crypter.encrypt("shh")},
        },
        encryptionsalt=salt_state,
    )
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "phrase")
    config = load_project(tmp_path).load_config("dev")
    assert config.values == {
        "proj:tenants": '[{"name": "a"}]',
        "monite:environment": "local",
        "monite:clientSecret": "shh",
    }
    assert config.secret_keys == {"monite:clientSecret"}

    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "other")
    with pytest.raises(CrypterError, match="wrong PULUMI_CONFIG_PASSPHRASE"):
        load_project(tmp_path).load_config("dev")
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE")
    with pytest.raises(CrypterError, match="PULUMI_CONFIG_PASSPHRASE is not set"):
        load_project(tmp_path).load_config("dev")


def test_a_directory_without_a_python_project_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match=r"no Pulumi\.yaml"):
        load_project(tmp_path)
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: nodejs\n")
    with pytest.raises(ProjectError, match="Python programs only"):
        load_project(tmp_path)


def test_the_crypter_writes_the_clis_value_format() -> None:
    crypter = Crypter("phrase", b"12345678")
    sealed = crypter.encrypt("hello")
    version, nonce, _body = sealed.split(":")
    assert version == "v1"
    assert len(base64.b64decode(nonce)) == 12
    assert crypter.decrypt(sealed) == "hello"
    assert Crypter("phrase", b"12345678").decrypt(sealed) == "hello"
    with pytest.raises(CrypterError):
        Crypter("phrase", b"87654321").decrypt(sealed)


def test_manifest_magic_is_the_sha256_of_the_version(tmp_path: Path) -> None:
    import hashlib

    StateFile(tmp_path, "dev", "phrase").save(connection_state())
    manifest = json.loads((tmp_path / "dev.json").read_text())["deployment"]["manifest"]
    assert manifest["magic"] == hashlib.sha256(manifest["version"].encode()).hexdigest()


def test_every_write_keeps_the_previous_state_as_bak(tmp_path: Path) -> None:
    state = StateFile(tmp_path, "dev", "phrase")
    state.save(StackState())
    first = (tmp_path / "dev.json").read_text()
    assert not (tmp_path / "dev.json.bak").exists()
    state.save(connection_state())
    assert (tmp_path / "dev.json.bak").read_text() == first


def test_an_export_without_state_has_no_null_secrets_provider(tmp_path: Path) -> None:
    document = StateFile(tmp_path, "dev", "phrase").export(show_secrets=False)
    assert "secrets_providers" not in document["deployment"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"version": 3, "deployment": {"resources": [{"urn": ', "is not valid JSON"),
        ('{"version": 3, "deployment": {"resources": [{"id": "x"}]}}', "without a `urn`"),
        ('{"version": 3, "deployment": []}', "no `deployment` object"),
        ('{"version": 3, "deployment": {"resources": {}}}', "not a list"),
        (
            '{"version": 3, "deployment": {"manifest": {"magic": "ab", "version": "x"}}}',
            "fails the integrity check",
        ),
    ],
)
def test_an_unusable_state_file_is_one_line_naming_it_and_the_backup(
    tmp_path: Path, text: str, problem: str
) -> None:
    state = StateFile(tmp_path, "dev", "phrase")
    state.save(StackState())
    state.save(StackState())
    (tmp_path / "dev.json").write_text(text)
    with pytest.raises(StateError) as refused:
        StateFile(tmp_path, "dev", "phrase").load()
    message = str(refused.value)
    assert "\n" not in message
    assert problem in message
    assert f"`cp {tmp_path / 'dev.json.bak'} {tmp_path / 'dev.json'}`" in message
