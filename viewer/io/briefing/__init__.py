"""Reading a briefing file: safe XML, the loader, the format's rules, problem locations."""
