"""What every panel shares: item roles, the palette, the item-model base, tooltips."""
