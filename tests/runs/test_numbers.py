"""How a run's numbers are written: params as given, metrics told apart."""

from __future__ import annotations

from credo.runs.numbers import difference_text, number_texts, param_text


def test_a_param_is_written_as_it_was_given() -> None:
    assert [param_text(v) for v in (10.0, 10, 0.30001, 3e-05, True, "adam")] == [
        "10.0",
        "10",
        "0.30001",
        "3e-05",
        "true",
        "adam",
    ]


def test_numbers_side_by_side_get_the_digits_that_tell_them_apart() -> None:
    assert number_texts([0.4321234, 0.9]) == ["0.4321", "0.9"]
    assert number_texts([0.3, 0.30001]) == ["0.3", "0.30001"]
    assert number_texts([0.3, 0.3]) == ["0.3", "0.3"]  # equal values may read alike
    assert number_texts([0.1, 0.1 + 2**-55]) == [
        "0.1",
        repr(0.1 + 2**-55),
    ]  # 16 digits do not: repr
    assert difference_text(0.30001 - 0.3) == "+1e-05" and difference_text(-3.0) == "-3"
