"""Role-tagged examples: schema, validation, chat formatting with the loss mask, stats, balancing."""
