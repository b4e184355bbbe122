// movesig: click a figure to see it at full size (its image, in the same tab).
document.addEventListener("DOMContentLoaded", () => {
  for (const img of document.querySelectorAll(".bd-article img")) {
    if (img.closest("a")) continue;
    const link = document.createElement("a");
    link.href = img.src;
    link.title = "full size";
    img.parentNode.insertBefore(link, img);
    link.appendChild(img);
  }
});
