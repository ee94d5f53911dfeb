import pytest

from briefing.dates import DateError, parse_date


@pytest.mark.parametrize(
    "text, human",
    [
        ("2024-11-10", "10 November 2024"),
        ("2024-11", "November 2024"),
        ("2024", "2024"),
        (2024, "2024"),
        ("1994/2001", "1994–2001"),
        ("2024-02-18/2024-02-19", "18–19 February 2024"),
        ("2024-05/2024-06", "May–June 2024"),
    ],
)
def test_forms(text, human):
    assert parse_date(text).human() == human


@pytest.mark.parametrize("text", ["2024-02-30", "2023-02-29", "2024-13", "1999/1994", "Nov 2024", "", "2024-1-5"])
def test_impossible_or_malformed(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_leap_day_and_order():
    assert parse_date("2024-02-29").human() == "29 February 2024"
    keys = sorted(["2024", "2023-12", "2024-02-18/2024-02-19", "1994/2001", "2024-11-10"], key=lambda d: parse_date(d).sort_key())
    assert keys == ["1994/2001", "2023-12", "2024", "2024-02-18/2024-02-19", "2024-11-10"]
