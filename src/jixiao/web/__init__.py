"""The web workspace (网页工作台): the bureau's store in a browser, served by ``jixiao serve``."""
