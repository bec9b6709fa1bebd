"""The fact model, its YAML files' loader and validator, and coverage of the seeds."""
