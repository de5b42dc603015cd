"""What agents read as Markdown (`credo.agents.texts`), in words that agree with counts."""

from __future__ import annotations

from credo.agents.texts import packs_text
from credo.agents.tools import Tools
from credo.store import Store


def test_the_packs_list_counts_a_packs_checks_in_words_that_agree(store: Store) -> None:
    """A pack of one check was listed with `(1 checks, project)`."""
    (store.credo_dir / "checklists" / "eval.toml").write_text(
        'name = "eval"\ntitle = "Evaluation"\n'
        '[[items]]\nid = "a"\nprinciple = "p"\ntext = "Held-out set untouched"\n'
    )
    text = packs_text(Tools(store))
    assert "- `credo://packs/eval` Evaluation (1 check, project)\n" in text
    assert "(14 checks, built-in)" in text  # the training recipe's
