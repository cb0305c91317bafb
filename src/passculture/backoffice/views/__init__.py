"""Staff pages. Interface code only: reads go through selectors, writes through services."""
