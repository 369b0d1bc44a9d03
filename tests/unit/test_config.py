"""Configuration is read in one place, and a bad value is an error naming the variable, never a silent default."""
import pytest

from logframe import config
from logframe.__main__ import main


@pytest.mark.parametrize("variable, value, words", [
    ("LOGFRAME_MIN_COUNT", "ten", "whole number"),
    ("LOGFRAME_MIN_COUNT", "-1", "at least 0"),
    ("LOGFRAME_UPLOADS", "maybe", "'on' or 'off'"),
    ("LOGFRAME_UPLOAD_MAX_MB", "0", "above 0"),
    ("LOGFRAME_UPLOAD_MAX_MB", "lots", "above 0"),
    ("LOGFRAME_THREADS", "0", "at least 1"),
    ("LOGFRAME_RUN_SLOTS", "0", "at least 1"),
    ("LOGFRAME_LOG_LEVEL", "LOUD", "DEBUG"),
])
def test_a_bad_value_names_the_variable(monkeypatch, variable, value, words):
    monkeypatch.setenv(variable, value)
    with pytest.raises(config.ConfigError) as err:
        config.settings()
    assert variable in str(err.value) and repr(value) in str(err.value) and words in str(err.value)


def test_defaults_and_overrides(monkeypatch, tmp_path):
    for variable in config.VARIABLES.values():
        monkeypatch.delenv(variable, raising=False)
    s = config.settings()
    assert (s.min_count, s.uploads, s.upload_max_bytes, s.threads, s.run_slots) == (5, False, 20 * 1024 * 1024, 2, 2)
    assert s.extracts_dir == config.DEFAULT_EXTRACTS_DIR and s.cache_dir == config.DEFAULT_CACHE_DIR
    monkeypatch.setenv("LOGFRAME_MIN_COUNT", "10")
    monkeypatch.setenv("LOGFRAME_CACHE_DIR", "off")
    monkeypatch.setenv("LOGFRAME_EXTRACTS_DIR", str(tmp_path))
    monkeypatch.setenv("LOGFRAME_UPLOADS", "on")
    s = config.settings()
    assert (s.min_count, s.cache_dir, s.extracts_dir, s.uploads) == (10, None, tmp_path.resolve(), True)


def test_the_registry_folder_is_a_setting_and_owners_follow_it(monkeypatch, tmp_path):
    for variable in config.VARIABLES.values():
        monkeypatch.delenv(variable, raising=False)
    s = config.settings()
    assert s.registry_dir == config.DEFAULT_REGISTRY_DIR and s.owners_file == config.DEFAULT_REGISTRY_DIR / "owners.csv"
    monkeypatch.setenv("LOGFRAME_REGISTRY_DIR", str(tmp_path))
    s = config.settings()
    assert s.registry_dir == tmp_path.resolve() and s.owners_file == tmp_path.resolve() / "owners.csv"
    monkeypatch.setenv("LOGFRAME_REGISTRY_DIR", str(tmp_path / "missing"))
    with pytest.raises(config.ConfigError) as err:
        config.settings()
    assert "LOGFRAME_REGISTRY_DIR=" in str(err.value) and "registry" in str(err.value)


def test_the_cli_says_what_is_wrong_in_one_line(monkeypatch, capsys):
    monkeypatch.setenv("LOGFRAME_MIN_COUNT", "five")
    assert main(["status", "--json"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "LOGFRAME_MIN_COUNT='five'" in err


def test_the_dashboard_names_a_bad_setting_instead_of_serving(monkeypatch):
    from tests.app.conftest import app_test
    monkeypatch.setenv("LOGFRAME_MIN_COUNT", "five")
    at = app_test().run()
    assert not at.exception
    assert any("LOGFRAME_MIN_COUNT='five'" in e.value for e in at.error)
    assert not at.metric  # no figures are shown under a setting the app could not read
