"""The Actors panel: actors by type (the legend), relations and claims of the selected one."""
