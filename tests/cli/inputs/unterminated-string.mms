process A
expect log "never closed
