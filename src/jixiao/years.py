"""The years jixiao works with (评价年度的范围): what a case, a framework, a monitoring report or a target
proposal may name, and so what the store can be asked about. A year outside them is refused where it comes in (the
command line, the web's addresses), before any database sees it: an address may hold any integer, past what SQL's
integers hold."""

FIRST_YEAR = 1990
LAST_YEAR = 2100


def plausible(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR
