// The workspace's only script: progress for what takes more than a second. Every page works without it.
"use strict";

// An upload form with data-progress: the bytes sent as a bar, then a word while the files are checked.
document.querySelectorAll("form[data-progress]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    var bar = document.getElementById(form.dataset.progress);
    var status = form.querySelector(".status");
    if (!bar || !window.XMLHttpRequest) { return; }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    bar.hidden = false;
    form.querySelector("button[type=submit]").disabled = true;
    request.upload.onprogress = function (e) {
      if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
      status.textContent = "正在上传 " + bar.value + "%";
    };
    request.upload.onload = function () { bar.removeAttribute("value"); status.textContent = "已上传，正在检查并计分……"; };
    request.onload = function () { document.open(); document.write(request.responseText); document.close(); };
    request.onerror = function () {
      status.textContent = "上传中断：请检查网络后重试";
      form.querySelector("button[type=submit]").disabled = false;
    };
    request.send(new FormData(form));
  });
});

// A download that takes a while (data-wait): say so, and say so again if it fails.
document.querySelectorAll("a[data-wait]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    if (!window.fetch || !window.URL) { return; }
    event.preventDefault();
    var status = link.parentElement.querySelector(".status");
    var started = Date.now();
    var timer = setInterval(function () {
      status.textContent = link.dataset.wait + "（已等待 " + Math.round((Date.now() - started) / 1000) + " 秒）";
    }, 1000);
    status.textContent = link.dataset.wait;
    fetch(link.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error("状态 " + response.status); }
      var name = decodeURIComponent((response.headers.get("Content-Disposition") || "").split("UTF-8''")[1] || "report.pdf");
      return response.blob().then(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        status.textContent = "已生成：" + name;
      });
    }).catch(function (error) {
      status.textContent = "生成失败（" + error.message + "）：请稍后再试";
    }).finally(function () { clearInterval(timer); });
  });
});
