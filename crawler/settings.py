"""Scrapy settings of the Parlarchive crawler: polite by default (robots.txt, AutoThrottle, per-domain limits).

The ones the user tunes (archive.config.Settings: requests per site, the page limit, the contact URL of the
User-Agent) are set when the spider is built, from the environment (crawler.apply_settings), not here.
"""

from __future__ import annotations

BOT_NAME = "parlarchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
DOWNLOAD_DELAY = 0.5  # the minimum; spiders drop it for a loopback base_url
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 1
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no control port opened by a crawl
HTTPCACHE_ENABLED = False
REDIRECT_MAX_TIMES = 5

# Requests seen are remembered for one run only: after a kill, a resumed crawl walks the lists again and
# the archive (not a half-written seen-file) tells which stories are stored.
DUPEFILTER_CLASS = "crawler.dupefilter.RunDupeFilter"

DOWNLOADER_MIDDLEWARES = {"crawler.warc.WarcMiddleware": 950, "crawler.redirects.RedirectLoopMiddleware": 650}
ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}
EXTENSIONS = {"crawler.extensions.CrawlReport": 500}

# The data folder (archive.sqlite3, warc/, jobs/): set by `parlarchive crawl`; when None (a plain
# `scrapy crawl`), archive.paths.data_dir resolves it ($PARLARCHIVE_DATA, else ./data).
PARLARCHIVE_DATA = None
PARLARCHIVE_WARC = True  # write WARC captures
PARLARCHIVE_PROGRESS = False  # a progress line on stderr (pages, items, errors)
PARLARCHIVE_REPORT = None  # path of a JSON file the run's figures are written to when it ends

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
