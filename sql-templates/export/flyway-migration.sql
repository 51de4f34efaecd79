-- One Flyway migration (a versioned phase or its undo script). {0} header comment lines, {1} the phase body.
{0}
{1}
