"""The fact base the bot serves: loading, reloading, its caches and the folder watcher."""
