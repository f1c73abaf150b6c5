"""Packaging: error reporting without a terminal, the icons, the Linux desktop files, the
Windows version resource, and (opt-in, slow) the PyInstaller bundle itself.

The bundle test builds for about a minute (TIMELINE_SKIP_BUNDLE=1 skips it); set
TIMELINE_BUNDLE_DIR to test an already built bundle folder instead of building.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from timeline_desktop import __version__

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
ICONS = REPO / "resources" / "icons"
APP_ID = "org.timelinedesktop.TimelineDesktop"

# `bundle` is registered in pyproject.toml's markers; until it is, --strict-markers would reject
# it, so fall back to `slow` rather than fail collection.
try:
    bundle_mark = pytest.mark.bundle
except pytest.fail.Exception:
    bundle_mark = pytest.mark.slow


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- errors.py: logging and the exception hook ----------------------------------------------


@pytest.fixture
def root_logging() -> Iterator[None]:
    """Undo the handlers and level setup_logging puts on the root logger."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)


def test_setup_logging_writes_a_rotating_file_once(tmp_path: Path, root_logging: None) -> None:
    from timeline_desktop import logs

    path = logs.setup_logging(tmp_path / "logs")
    assert path == (tmp_path / "logs" / "timeline-desktop.log").resolve()
    assert logs.setup_logging(tmp_path / "logs") == path  # no second handler
    logging.getLogger("timeline_desktop.test").info("hello from the test")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert path.read_text(encoding="utf-8").count("hello from the test") == 1
    assert logs.log_file() == path


def test_setup_logging_defaults_to_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root_logging: None
) -> None:
    from timeline_desktop import logs

    monkeypatch.setattr(logs, "data_dir", lambda: tmp_path / "data")
    assert logs.setup_logging() == (tmp_path / "data" / "timeline-desktop.log").resolve()


def _raise_in_event_loop(qtbot, exc: Exception) -> None:
    """Raise `exc` from a Qt slot, as a bug in a click handler would."""
    from PySide6.QtCore import QTimer

    def boom() -> None:
        raise exc

    QTimer.singleShot(0, boom)
    qtbot.wait(50)


def test_uncaught_exception_is_logged_and_shown(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root_logging: None
) -> None:
    from PySide6.QtWidgets import QWidget

    from timeline_desktop import logs
    from timeline_desktop.ui import errors

    log_path = logs.setup_logging(tmp_path)
    shown: list[tuple[object, str, str, str]] = []
    monkeypatch.setattr(errors, "show_error_dialog", lambda *args: shown.append(args))
    window = QWidget()
    qtbot.addWidget(window)
    uninstall = errors.install_excepthook(lambda: window)
    try:  # our hook replaces pytest-qt's (which would fail the test) until uninstall()
        _raise_in_event_loop(qtbot, ValueError("the timeline broke"))
    finally:
        uninstall()
    assert len(shown) == 1
    parent, text, informative, details = shown[0]
    assert parent is window
    assert "unexpected error" in text
    assert "ValueError: the timeline broke" in informative
    assert str(log_path) in informative
    assert "Traceback" in details and "boom" in details
    for handler in logging.getLogger().handlers:
        handler.flush()
    content = log_path.read_text(encoding="utf-8")
    assert "CRITICAL" in content and "Uncaught exception" in content
    assert "ValueError: the timeline broke" in content


def test_exception_in_a_worker_thread_reaches_the_gui_thread(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root_logging: None
) -> None:
    from PySide6.QtCore import QThread

    from timeline_desktop import logs
    from timeline_desktop.ui import errors

    logs.setup_logging(tmp_path)
    shown_in: list[bool] = []
    gui_thread = QThread.currentThread()
    monkeypatch.setattr(
        errors,
        "show_error_dialog",
        lambda *a: shown_in.append(QThread.currentThread() == gui_thread),
    )
    uninstall = errors.install_excepthook()
    try:
        worker = threading.Thread(target=lambda: 1 / 0, name="import-worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(shown_in), timeout=2000)
    finally:
        uninstall()
    assert shown_in == [True]  # the dialog was created in the GUI thread
    assert "ZeroDivisionError" in (tmp_path / "timeline-desktop.log").read_text(encoding="utf-8")


def test_the_real_dialog_shows_the_log_path_and_closes(
    qtbot, tmp_path: Path, root_logging: None
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from timeline_desktop import logs
    from timeline_desktop.ui import errors

    log_path = logs.setup_logging(tmp_path)
    seen: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, close_box)
            return
        seen.append(box.informativeText())
        box.accept()

    QTimer.singleShot(20, close_box)
    uninstall = errors.install_excepthook()
    try:
        sys.excepthook(RuntimeError, RuntimeError("no database"), None)
    finally:
        uninstall()
    assert len(seen) == 1 and "RuntimeError: no database" in seen[0]
    assert str(log_path) in seen[0]


def test_uninstall_restores_the_previous_hooks(qtbot) -> None:
    from timeline_desktop.ui import errors

    before = sys.excepthook, threading.excepthook
    errors.install_excepthook()()
    assert (sys.excepthook, threading.excepthook) == before


# --- icons -------------------------------------------------------------------------------------


def test_png_icons_have_their_sizes(qapp) -> None:
    from PySide6.QtGui import QImage

    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(ICONS / f"timeline-desktop-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(0, 0).alpha() == 0  # rounded corners are transparent
        assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_ico_container_holds_every_windows_size(qapp) -> None:
    from PySide6.QtGui import QImageReader

    data = (ICONS / "timeline-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, _, _, _, _, bpp, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert offset + length <= len(data) and bpp == 32
        sizes.append(w or 256)
    assert sorted(sizes) == [16, 24, 32, 48, 64, 128, 256]
    reader = QImageReader(str(ICONS / "timeline-desktop.ico"))  # Qt's own .ico plugin reads it
    assert reader.imageCount() == count
    assert not reader.read().isNull()


def test_icns_container_holds_png_entries(qapp) -> None:
    from PySide6.QtGui import QImage

    data = (ICONS / "timeline-desktop.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    entries, pos = {}, 8
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        entries[kind] = data[pos + 8 : pos + length]
        pos += length
    assert pos == len(data)
    expected = {b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024}
    for kind, size in expected.items():
        image = QImage.fromData(entries[kind], "PNG")
        assert (image.width(), image.height()) == (size, size)


def test_the_svg_source_renders(qapp) -> None:
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ICONS / "timeline-desktop.svg"))
    assert renderer.isValid()


# --- Linux desktop integration, Windows version resource ------------------------------------


def test_desktop_entry_and_metainfo_agree() -> None:
    desktop = (PACKAGING / "linux" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Icon={APP_ID}" in desktop
    assert "Categories=Education;Science;Office;" in desktop
    metainfo = (PACKAGING / "linux" / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    assert f"<id>{APP_ID}</id>" in metainfo
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in metainfo
    assert f'<release version="{__version__}"' in metainfo


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_desktop_entry_validates() -> None:
    path = PACKAGING / "linux" / f"{APP_ID}.desktop"
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream")
def test_metainfo_validates() -> None:
    path = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux install script")
def test_linux_install_script_installs_and_uninstalls(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    exe = bundle / "timeline-desktop"
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")} | {"HOME": str(home)}
    script = str(PACKAGING / "linux" / "install.sh")
    subprocess.run(["bash", script, str(bundle)], env=env, check=True, capture_output=True)
    share = home / ".local" / "share"
    installed = share / "applications" / f"{APP_ID}.desktop"
    opt_exe = home / ".local" / "opt" / "timeline-desktop" / "timeline-desktop"
    assert f'Exec="{opt_exe}"' in installed.read_text(encoding="utf-8")
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for size in (16, 48, 256, 512):
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (home / ".local" / "bin" / "timeline-desktop").resolve() == opt_exe
    subprocess.run(["bash", script, "--uninstall"], env=env, check=True, capture_output=True)
    assert not installed.exists() and not opt_exe.exists()


def test_windows_version_info_is_current() -> None:
    """The committed version_info.txt matches pyproject (rerun make_version_info.py if not)."""
    module = load(PACKAGING / "windows" / "make_version_info.py")
    assert module.package_version() == __version__
    text = (PACKAGING / "windows" / "version_info.txt").read_text(encoding="utf-8")
    assert text == module.render(__version__)
    # It is the Python expression PyInstaller evaluates: check that it parses as one.
    names = "VSVersionInfo FixedFileInfo StringFileInfo StringTable StringStruct VarFileInfo"
    stubs = {name: (lambda *a, **k: (a, k)) for name in (*names.split(), "VarStruct")}
    eval(compile(text, "version_info.txt", "eval"), stubs)
    assert module.version_tuple("0.2.0rc1") == (0, 2, 0, 0)


# --- the bundle (opt-in) -----------------------------------------------------------------------


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _timed(cmd: list[str], env: dict[str, str], timeout: float = 300) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout}\n{result.stderr}"
    return elapsed, result.stdout


def _executable(bundle: Path) -> Path:
    if sys.platform == "win32":
        return bundle / "timeline-desktop-cli.exe"
    if sys.platform == "darwin":
        return Path(bundle) / "Contents" / "MacOS" / "timeline-desktop"
    return bundle / "timeline-desktop"


@bundle_mark
@pytest.mark.skipif(
    os.environ.get("TIMELINE_SKIP_BUNDLE") == "1", reason="TIMELINE_SKIP_BUNDLE=1"
)
def test_bundle_starts_and_renders(
    tmp_path: Path, qapp, capsys: pytest.CaptureFixture, request: pytest.FixtureRequest
) -> None:
    from PySide6.QtGui import QImage

    build_s = 0.0
    if os.environ.get("TIMELINE_BUNDLE_DIR"):
        bundle = Path(os.environ["TIMELINE_BUNDLE_DIR"])
    else:
        start = time.perf_counter()
        subprocess.run(["bash", str(REPO / "scripts" / "build-bundle")], check=True)
        build_s = time.perf_counter() - start
        name = "Timeline Desktop.app" if sys.platform == "darwin" else "timeline-desktop"
        bundle = REPO / "dist" / name
    exe = _executable(bundle)
    assert exe.is_file()

    # a clean environment: no dev venv on the paths, a throwaway data dir, no display
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env |= {"QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "xdg")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p
    )

    version_s = min(_timed([str(exe), "--version"], env)[0] for _ in range(3))
    db, shot = tmp_path / "x.db", tmp_path / "shot.png"
    screenshot_s, out = _timed([str(exe), "--db", str(db), "screenshot", str(shot)], env)
    assert "wrote" in out
    # a second run: the window on an existing database (no demo import)
    again_s, _ = _timed([str(exe), "--db", str(db), "screenshot", str(tmp_path / "2.png")], env)

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1600, 1000)
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 50, "the screenshot is (nearly) blank"

    with sqlite3.connect(db) as conn:
        sources = conn.execute("SELECT count(*) FROM sources").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    demo_files = [p for p in (REPO / "resources" / "demo").iterdir() if p.is_file()]
    assert 0 < sources <= len(demo_files) and events > 0  # the bundled demo corpus, imported
    versions = sorted((REPO / "db" / "versions").glob("[0-9]*.py"))
    assert revision == versions[-1].name.split("_")[0]  # the frozen app ran every migration

    if os.environ.get("TIMELINE_TEST_PG_URL"):  # the bundled driver reaches a server
        server = request.getfixturevalue("pg_server")
        name = server.create_database()
        try:
            caesar = str(REPO / "resources" / "demo" / "caesar-ides-of-march.txt")
            _, out = _timed([str(exe), "--db", server.url_for(name), "import", caesar], env)
            assert "1 imported" in out
        finally:
            server.drop_database(name)

    missing_system_libs: set[str] = set()
    if sys.platform.startswith("linux"):  # pruning kept every Qt library something needs
        internal = bundle / "_internal"
        ld_env = env | {"LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"}
        for lib in internal.rglob("*.so*"):
            if lib.is_file() and not lib.is_symlink():
                ldd = subprocess.run(["ldd", str(lib)], env=ld_env, capture_output=True, text=True)
                for line in ldd.stdout.splitlines():
                    if "not found" in line:
                        name = line.split()[0]
                        # libraries of the Qt wheel must be in the bundle; others (e.g. Wayland's
                        # on a build machine without them) come from the user's system
                        assert not name.startswith(("libQt6", "libicu", "libpyside", "libshib"))
                        missing_system_libs.add(name)

    size_mb = _dir_size(bundle) / 1e6
    with capsys.disabled():
        print(
            f"\nbundle {bundle}: {size_mb:.0f} MB"
            + (f", built in {build_s:.0f} s" if build_s else "")
            + f"\n  --version (interpreter start): {version_s:.2f} s"
            + "\n  screenshot, first start (demo import + window + 1.5 s settle): "
            + f"{screenshot_s:.2f} s"
            + f"\n  screenshot, existing database (window + 1.5 s settle): {again_s:.2f} s"
            + (
                f"\n  left to the system: {sorted(missing_system_libs)}"
                if missing_system_libs
                else ""
            )
        )
    assert size_mb < 400
