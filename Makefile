# saatava: build and install for production (docs/operations.md).
#
#   make                  the release build: swift build -c release --product saatava --static-swift-stdlib (the
#                           binary carries the Swift runtime and Foundation; it needs only Debian's libraries)
#   make install          the release build, then everything below (as root, without DESTDIR, for a real install)
#   make install-files    installs without building; SAATAVA_BIN names the binary (default .build/release/saatava):
#                           $(PREFIX)/bin/saatava, the units in $(SYSTEMDUNITDIR) (@BINDIR@ replaced), the example
#                           config /etc/saatava/example.json (never over an existing one), the samples in
#                           $(PREFIX)/share/saatava/samples, and /srv/saatava; as root without DESTDIR also the
#                           system user saatava, /etc/saatava and /srv/saatava given to it, and systemctl daemon-reload
#   make install-user     the system user and group saatava (home /srv/saatava, no login shell), unless they exist
#   make uninstall        removes what install put there; never the configs, the working directories or the ledgers
#
# PREFIX (default /usr/local) and DESTDIR (a staging root) as usual. /etc/saatava and /srv/saatava are fixed: the
# units name them (saatava@acme.service reads /etc/saatava/acme.json and writes only /srv/saatava/acme).

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/saatava
SYSTEMDUNITDIR ?= /etc/systemd/system
SWIFT ?= swift
SAATAVA_BIN ?= .build/release/saatava

CONFDIR := /etc/saatava
WORKROOT := /srv/saatava
UNITS := saatava@.service saatava@.timer saatava-alert@.service
# Whether this install is the machine's own (root, no staging root): only then users, owners and systemd change.
SYSTEM_INSTALL = [ -z "$(DESTDIR)" ] && [ "$$(id -u)" -eq 0 ]

.PHONY: all build install install-files install-user uninstall

all: build

build:
	$(SWIFT) build -c release --product saatava --static-swift-stdlib

install: build
	$(MAKE) --no-print-directory install-files SAATAVA_BIN=.build/release/saatava

install-files:
	@test -x "$(SAATAVA_BIN)" || { echo "make: no saatava binary at $(SAATAVA_BIN): run make first, or name one with SAATAVA_BIN=" >&2; exit 1; }
	install -d -m 0755 "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(SYSTEMDUNITDIR)" "$(DESTDIR)$(DATADIR)"
	install -m 0755 "$(SAATAVA_BIN)" "$(DESTDIR)$(BINDIR)/saatava"
	for unit in $(UNITS); do \
	  sed -e 's|@BINDIR@|$(BINDIR)|g' "pipelines/systemd/$$unit" > "$(DESTDIR)$(SYSTEMDUNITDIR)/$$unit.new" && \
	  chmod 0644 "$(DESTDIR)$(SYSTEMDUNITDIR)/$$unit.new" && \
	  mv -f "$(DESTDIR)$(SYSTEMDUNITDIR)/$$unit.new" "$(DESTDIR)$(SYSTEMDUNITDIR)/$$unit" || exit 1; \
	done
	rm -rf "$(DESTDIR)$(DATADIR)/samples"
	cp -R samples "$(DESTDIR)$(DATADIR)/samples"
	find "$(DESTDIR)$(DATADIR)/samples" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
	install -d -m 0750 "$(DESTDIR)$(CONFDIR)" "$(DESTDIR)$(WORKROOT)"
	@if [ -e "$(DESTDIR)$(CONFDIR)/example.json" ]; then \
	  echo "kept $(DESTDIR)$(CONFDIR)/example.json as it is"; \
	else \
	  echo "install -m 0640 pipelines/systemd/example.json $(DESTDIR)$(CONFDIR)/example.json"; \
	  install -m 0640 pipelines/systemd/example.json "$(DESTDIR)$(CONFDIR)/example.json"; \
	fi
	@if $(SYSTEM_INSTALL); then \
	  $(MAKE) --no-print-directory install-user && \
	  echo "chgrp saatava $(CONFDIR) $(CONFDIR)/example.json; chown saatava:saatava $(WORKROOT)" && \
	  chgrp saatava "$(CONFDIR)" "$(CONFDIR)/example.json" && chown saatava:saatava "$(WORKROOT)" || exit 1; \
	  if [ -d /run/systemd/system ]; then echo "systemctl daemon-reload"; systemctl daemon-reload; fi; \
	else \
	  echo "staged install (DESTDIR set, or not root): skipped creating the user saatava, giving $(CONFDIR) to its" \
	    "group and $(WORKROOT) to it, and systemctl daemon-reload"; \
	fi

install-user:
	@[ -z "$(DESTDIR)" ] || { echo "make install-user: creates the user on this machine; unset DESTDIR" >&2; exit 1; }
	@[ "$$(id -u)" -eq 0 ] || { echo "make install-user: needs root" >&2; exit 1; }
	@getent group saatava >/dev/null || { echo "groupadd --system saatava"; groupadd --system saatava; }
	@getent passwd saatava >/dev/null || { \
	  echo "useradd --system --gid saatava --home-dir $(WORKROOT) --no-create-home --shell /usr/sbin/nologin saatava"; \
	  useradd --system --gid saatava --home-dir $(WORKROOT) --no-create-home --shell /usr/sbin/nologin \
	    --comment "saatava receivables pipeline" saatava; }

uninstall:
	@for timer in "$(DESTDIR)$(SYSTEMDUNITDIR)"/timers.target.wants/saatava@*.timer; do \
	  [ ! -e "$$timer" ] && [ ! -L "$$timer" ] || { \
	    echo "make uninstall: $$(basename "$$timer") is still enabled; first: systemctl disable --now $$(basename "$$timer")" >&2; \
	    exit 1; }; \
	done
	rm -f "$(DESTDIR)$(BINDIR)/saatava"
	for unit in $(UNITS); do rm -f "$(DESTDIR)$(SYSTEMDUNITDIR)/$$unit"; done
	rm -rf "$(DESTDIR)$(DATADIR)/samples"
	-rmdir "$(DESTDIR)$(DATADIR)" 2>/dev/null
	@if cmp -s pipelines/systemd/example.json "$(DESTDIR)$(CONFDIR)/example.json"; then \
	  echo "rm -f $(DESTDIR)$(CONFDIR)/example.json"; rm -f "$(DESTDIR)$(CONFDIR)/example.json"; \
	elif [ -e "$(DESTDIR)$(CONFDIR)/example.json" ]; then \
	  echo "kept $(DESTDIR)$(CONFDIR)/example.json: it was changed"; \
	fi
	@echo "kept: the configs in $(DESTDIR)$(CONFDIR), the working directories and ledgers in $(DESTDIR)$(WORKROOT)," \
	  "and the user saatava (userdel saatava removes it)"
	@if $(SYSTEM_INSTALL) && [ -d /run/systemd/system ]; then echo "systemctl daemon-reload"; systemctl daemon-reload; fi
