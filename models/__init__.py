"""The models bundled with deterrence, one spec file each (shipped as deterrence.bundled_models)."""
