"""pytest plugin for twistio (fixtures and Deferred-returning tests are added with trial)."""
