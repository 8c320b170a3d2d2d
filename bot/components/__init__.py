"""Custom Rasa components, imported by Rasa when it loads `config.yml`'s pipeline.

Rasa offers no other hook that runs in every `rasa train`, `rasa run` and `rasa test`, so this
is where our fixes to Rasa itself are installed: `bot.rasa_patches.install()` checks the Rasa
version (and refuses any but the one the fixes were written for) before patching anything.
"""

from bot import rasa_patches

rasa_patches.install()
