// Videos placed with {{< video >}}: the player is fetched from the video
// host only after the reader presses play. Without this script the page
// shows the title and a link to the video.
(function () {
  "use strict";
  if (window.alianseVideos) {
    return;
  }
  window.alianseVideos = true;
  function setup() {
    document.querySelectorAll("figure.video[data-video]").forEach(function (figure) {
      var frame = figure.querySelector(".video-frame");
      var button = figure.querySelector(".video-play");
      var title = figure.querySelector(".video-title");
      if (!frame || !button) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        var player = document.createElement("iframe");
        player.src = figure.getAttribute("data-video");
        player.title = title ? title.textContent : "";
        player.allow = "autoplay; fullscreen; picture-in-picture";
        player.allowFullscreen = true;
        frame.replaceChildren(player);
        player.focus();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
