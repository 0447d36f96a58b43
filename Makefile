# Translation catalogs and shortcuts. The two commands that matter are in dev.py:
# `python3 dev.py demo` and `python3 dev.py test` (the test and demo targets call them).

PYTHON  ?= .venv/bin/python
PYBABEL ?= .venv/bin/pybabel
DOMAIN  := clar_desktop
POT     := locale/$(DOMAIN).pot
VERSION  = $(shell $(PYTHON) -c "import clar_desktop; print(clar_desktop.__version__)")

.PHONY: extract update compile test demo

# Collect every marked string (Python and Designer forms) into the template, with the
# source locations translators use to see a message in context.
extract:
	$(PYBABEL) extract -F babel.cfg -o $(POT) \
		--project="CLAR Desktop" --version="$(VERSION)" --copyright-holder="CLAR Desktop" \
		--add-comments=TRANSLATORS: --sort-by-file --width=100 .

# Merge the template into each language's catalog (new strings arrive untranslated,
# changed ones fuzzy, removed ones commented out).
update:
	$(PYBABEL) update -i $(POT) -d locale -D $(DOMAIN) --width=100

# Write the .mo files beside the .po files. Optional: the program compiles a .po in memory
# when its .mo is missing or older, and the wheel build compiles them itself.
compile:
	$(PYBABEL) compile -d locale -D $(DOMAIN) --statistics

test:
	python3 dev.py test

demo:
	python3 dev.py demo
