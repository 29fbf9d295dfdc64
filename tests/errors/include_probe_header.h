// A header holds C definitions; a probe there is an error.
BEGIN { exit(); }
