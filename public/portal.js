// Progressive enhancement for the portal. Every page works without this file.
