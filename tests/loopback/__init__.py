"""The loopback Discord the end-to-end tests run the real bot against."""
