# The two commands (see README): `make run` and `make test`.
.PHONY: run test frontend e2e screenshots fmt lint

run:
	scripts/run.sh

test:
	scripts/test.sh

frontend:
	scripts/build-frontend.sh

e2e:
	scripts/e2e.sh

screenshots:
	scripts/screenshots.sh

fmt:
	cargo fmt --all

lint:
	cargo clippy --workspace --all-targets -- -D warnings
