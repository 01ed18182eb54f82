# The two commands of the README, plus the pieces they are made of.
BUILD_DIR ?= build
CONFIG ?=

.PHONY: all deps test-deps configure build run test unit bench clean

all: build

deps:
	@bash scripts/install-deps.sh build

test-deps:
	@bash scripts/install-deps.sh test

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR)
	@bash scripts/build-web.sh

# Starts a single-node instance (SQLite, local disk) on http://127.0.0.1:9000.
run: build
	@bash scripts/run.sh $(CONFIG)

test: test-deps configure
	cmake --build $(BUILD_DIR)
	@bash scripts/build-web.sh
	cd $(BUILD_DIR) && ctest --output-on-failure --timeout 1200

unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -R '^[A-Z]'

bench: test-deps build
	@bash bench/run.sh

clean:
	rm -rf $(BUILD_DIR)
