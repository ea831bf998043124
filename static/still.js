// The page's first picture: the still of the link in the game's frame
// (static/js/placeholder.js), asked for as soon as the page is parsed,
// before the page's own modules and the game have loaded. js/frame.js asks
// again if the settled link or the frame's size differ, and takes it away
// when the game's canvas shows.

import { showStill } from "./js/placeholder.js";

showStill(document.getElementById("game-still"), document.getElementById("game"), location.search);
