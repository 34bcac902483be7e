from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.settings import SettingsError, declared, load_settings


def test_defaults_without_anything():
    s = load_settings(env={})
    assert s.datasets_dir == "datasets"
    assert s.port == 8080
    assert s.resolved_database_url.endswith("var/publisher.db")
    assert s.vocabulary_path == Path("datasets").resolve() / "bureau.yaml"


def test_precedence_default_file_env_override(tmp_path):
    (tmp_path / "publisher.toml").write_text('port = 9000\nlang = "en"\nsite_url = "http://a"\n')
    env = {"PUBLISHER_INSTANCE_DIR": str(tmp_path), "PUBLISHER_PORT": "9100"}
    s = load_settings(env=env, overrides={"site_url": "http://b"})
    assert s.lang == "en"  # from the instance file
    assert s.port == 9100  # the environment beats the file
    assert s.site_url == "http://b"  # an explicit override beats both


def test_secrets_hidden_in_public_view():
    s = load_settings(env={"PUBLISHER_PSEUDONYM_KEY": "k3y", "PUBLISHER_PORTAL_TOKEN": "t0k"})
    shown = s.public()
    assert shown["pseudonym_key"] == "***" and shown["portal_token"] == "***"
    assert "k3y" not in str(shown) and "t0k" not in str(shown)


def test_bad_values_are_named(tmp_path):
    with pytest.raises(SettingsError, match="PUBLISHER_PORT"):
        load_settings(env={"PUBLISHER_PORT": "eighty"})
    (tmp_path / "publisher.toml").write_text("colour = 1\n")
    with pytest.raises(SettingsError, match="unknown setting 'colour'"):
        load_settings(env={"PUBLISHER_INSTANCE_DIR": str(tmp_path)})
    (tmp_path / "publisher.toml").write_text("port = [\n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(env={"PUBLISHER_INSTANCE_DIR": str(tmp_path)})


def test_every_setting_has_help():
    for f in declared():
        assert f.metadata["help"].strip(), f.name


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=40))
def test_any_string_setting_round_trips_from_env(value):
    assert load_settings(env={"PUBLISHER_SITE_URL": value}).site_url == value
