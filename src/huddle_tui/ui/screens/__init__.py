"""Full screens: the team board, a metric's detail, the help screen."""
