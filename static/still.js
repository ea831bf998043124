// The page's first picture: the still of the link in the game's frame
// (static/js/placeholder.js), asked for as soon as the frame is parsed:
// an async module right after it in index.html, it runs without waiting
// for the rest of the page to be parsed (about 50 ms under load here), the
// page's own modules or the game. js/frame.js asks
// again if the settled link or the frame's size differ, and takes it away
// when the game's canvas shows.

import { showStill } from "./js/placeholder.js";

showStill(document.getElementById("game-still"), document.getElementById("game"), location.search);
