"""The Scrapy project: spiders for the three sources, the pipeline into the archive, the WARC writer."""
