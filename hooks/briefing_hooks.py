"""MkDocs adapter: each event hands over to the `briefing` package and does nothing else.

MkDocs puts this file's folder on sys.path only while importing it, so the package is imported here,
at the top, never inside an event.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from briefing import settings
from briefing.diagnostics import BriefingError
from briefing.lint import placeholder_warnings
from briefing.publish import Publisher
from briefing.site import SiteBuild, data_dir_for

log = logging.getLogger("mkdocs.hooks.briefing")
_build: SiteBuild | None = None
_publisher = Publisher()  # a failed `mkdocs build` leaves the last good site/ in place


def on_startup(command, dirty):
    _publisher.startup(command)


@event_priority(100)  # before plugins such as search read the config
def on_config(config):
    global _build
    try:
        settings.apply(config.extra.get("briefing"), Path(config.config_file_path).resolve().parent)
    except settings.SettingsError as exc:
        raise Abort(f"briefing: {exc}") from None
    data_dir = data_dir_for(config.config_file_path)
    try:
        _build = SiteBuild(data_dir)
    except BriefingError as exc:
        for problem in exc.diagnostics:
            (log.warning if problem.severity == "warning" else log.error)(problem.format())
        raise Abort(f"briefing: {len(exc.diagnostics)} problem(s) in {data_dir}; nothing was built") from None
    for problem in placeholder_warnings(_build.briefing):
        log.warning(problem.format())  # strict builds (CI, previews) refuse to publish a TODO
    _build.configure(config)
    _publisher.begin(config)
    return config


def on_files(files, config):
    return _build.add_files(files, config)


def on_nav(nav, config, files):
    _build.record_nav([page.url for page in nav.pages])
    return nav


@event_priority(-100)  # after other plugins have changed the HTML
def on_page_content(html, page, config, files):
    return _build.page_content(html, page.url, page.title or "")


def on_post_page(output, page, config):
    return _build.post_page(output, page.url)


def on_post_template(output_content, template_name, config):
    return _build.post_template(output_content, template_name)


@event_priority(-100)  # last: publishing must follow everything that writes into the site
def on_post_build(config):
    pdf = _build.post_build(Path(config.site_dir))
    if pdf:
        log.info("briefing: wrote %s", pdf.name)
    unused = _build.unused_terms()
    if unused:
        log.info("briefing: glossary terms not mentioned on any page: %s", ", ".join(unused))
    _publisher.finish(config)


def on_build_error(error):
    _publisher.discard()
