// Scan page: read a code with the camera or from a photo, then open it
// through the page's own form (GET /scan?q=...), so the server reads every
// code the same way, typed or scanned. The browser's BarcodeDetector where
// it has one; else the vendored ZXing WebAssembly ponyfill (barcode-detector).
(function () {
  'use strict';
  var section = document.getElementById('scan-camera');
  var form = document.getElementById('scan-form');
  if (!section || !form) return;
  var input = document.getElementById('scan-q');
  var status = document.getElementById('scan-status');
  var video = document.getElementById('scan-video');
  var start = document.getElementById('scan-start');
  var stop = document.getElementById('scan-stop');
  var photo = document.getElementById('scan-photo');
  section.hidden = false;

  function say(key, value) {
    status.textContent = (status.dataset[key] || '').replace('%s', value || '');
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  // The native detector only if it reads the formats packaging carries.
  function nativeDetector() {
    if (!('BarcodeDetector' in window)) return Promise.resolve(null);
    return window.BarcodeDetector.getSupportedFormats().then(function (f) {
      return f.indexOf('data_matrix') >= 0 && f.indexOf('qr_code') >= 0 ? new window.BarcodeDetector() : null;
    }, function () { return null; });
  }

  var detecting = null;
  function detector() {
    if (!detecting) {
      detecting = nativeDetector().then(function (d) {
        if (d) return d;
        return loadScript('/static/barcode-detector.js').then(function () {
          var api = window.BarcodeDetectionAPI;
          api.prepareZXingModule({
            overrides: {
              locateFile: function (path, prefix) {
                return path.slice(-5) === '.wasm' ? '/static/zxing_reader.wasm' : prefix + path;
              }
            }
          });
          return new api.BarcodeDetector();
        });
      });
    }
    return detecting;
  }

  var stream = null;
  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.srcObject = null;
    video.hidden = stop.hidden = true;
    start.hidden = false;
  }

  function found(value) {
    stopCamera();
    say('found', value);
    input.value = value;
    form.submit();
  }

  function look() {
    if (!stream) return;
    detector().then(function (d) {
      return video.readyState >= 2 ? d.detect(video) : [];
    }).then(function (codes) {
      if (codes.length) found(codes[0].rawValue);
      else setTimeout(look, 250);
    }, function () { setTimeout(look, 1000); });
  }

  start.addEventListener('click', function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { say('noCamera'); return; }
    detector(); // fetch the detector while the camera starts
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = stop.hidden = false;
      start.hidden = true;
      video.play();
      say('looking');
      look();
    }, function () { say('noCamera'); });
  });
  stop.addEventListener('click', stopCamera);

  photo.addEventListener('change', function () {
    var file = photo.files && photo.files[0];
    if (!file) return;
    say('looking');
    Promise.all([detector(), createImageBitmap(file)]).then(function (a) {
      return a[0].detect(a[1]);
    }).then(function (codes) {
      if (codes.length) found(codes[0].rawValue);
      else say('noCode');
    }, function () { say('noCode'); });
  });
})();
