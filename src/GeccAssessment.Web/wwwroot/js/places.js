// Progressive enhancement: without JavaScript the district list shows every province's districts,
// grouped; with it, only the chosen province's districts are offered.
(function () {
    document.querySelectorAll("[data-places]").forEach(function (block) {
        var province = block.querySelector("[data-province]");
        var district = block.querySelector("[data-district]");
        if (!province || !district) {
            return;
        }

        function filter() {
            district.querySelectorAll("optgroup").forEach(function (group) {
                var match = !province.value || group.getAttribute("data-province-code") === province.value;
                group.hidden = !match;
                group.disabled = !match;
            });
            var selected = district.selectedOptions[0];
            if (selected && selected.parentElement.tagName === "OPTGROUP" && selected.parentElement.disabled) {
                district.value = "";
            }
        }

        province.addEventListener("change", filter);
        filter();
    });
})();
