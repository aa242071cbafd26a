/*
 * Draws the charts of a HAMU run report as inline SVG, from the report JSON embedded in the page.
 * Every <svg data-chart="kind"> is drawn by CHARTS[kind]; each data point becomes a circle.point
 * (line charts) or a rect.bar (bar charts) with a tooltip, so the page can be checked for empty charts.
 */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var history = data.history || [];
  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
    '#7f7f7f', '#bcbd22'];
  var WIDTH = 720;
  var HEIGHT = 300;
  var PLOT = {left: 76, right: 540, top: 14, bottom: 252};

  function num(v) {
    return typeof v === 'number' && isFinite(v) ? v : null;
  }

  function fmt(v) {
    if (v === null) {
      return '–';
    }
    var a = Math.abs(v);
    if (a === 0) {
      return '0';
    }
    if (a >= 1e5 || a < 1e-3) {
      return v.toExponential(2);
    }
    return String(Number(v.toPrecision(4)));
  }

  function el(parent, name, attrs, text) {
    var node = document.createElementNS(parent.namespaceURI, name);
    Object.keys(attrs).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    parent.appendChild(node);
    return node;
  }

  /** Round tick values covering [lo, hi], about n of them; steps of 1, 2 or 5 times a power of ten. */
  function ticks(lo, hi, n, minStep) {
    var raw = (hi - lo) / n;
    var step = Math.pow(10, Math.floor(Math.log10(raw)));
    var ratio = raw / step;
    step *= ratio >= 7.5 ? 10 : ratio >= 3.5 ? 5 : ratio >= 1.5 ? 2 : 1;
    step = Math.max(step, minStep || 0);
    var out = [];
    // multiples of the step, so that zero is exactly 0 and not a rounding residue
    for (var k = Math.floor(lo / step); k * step <= hi + step * 1e-9; k++) {
      out.push(Number((k * step).toPrecision(12)));
    }
    return out;
  }

  /** Widens a degenerate range so that a constant series still gets an axis. */
  function range(values) {
    var lo = Math.min.apply(null, values);
    var hi = Math.max.apply(null, values);
    if (lo === hi) {
      var pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
    return [lo, hi];
  }

  /** Axes, grid and labels for x in xRange (iterations) and y in yRange; returns the two scales. */
  function frame(svg, xRange, yRange, yLabel) {
    svg.setAttribute('viewBox', '0 0 ' + WIDTH + ' ' + HEIGHT);
    var yTicks = ticks(yRange[0], yRange[1], 5);
    var yLo = Math.min(yRange[0], yTicks[0]);
    var yHi = Math.max(yRange[1], yTicks[yTicks.length - 1]);
    var x = function (v) {
      return PLOT.left + (v - xRange[0]) / (xRange[1] - xRange[0]) * (PLOT.right - PLOT.left);
    };
    var y = function (v) {
      return PLOT.bottom - (v - yLo) / (yHi - yLo) * (PLOT.bottom - PLOT.top);
    };
    yTicks.forEach(function (t) {
      el(svg, 'line', {'class': 'grid', x1: PLOT.left, x2: PLOT.right, y1: y(t), y2: y(t)});
      el(svg, 'text', {x: PLOT.left - 6, y: y(t) + 4, 'text-anchor': 'end'}, fmt(t));
    });
    ticks(Math.ceil(xRange[0]), Math.floor(xRange[1]), 10, 1).forEach(function (t) {
      if (t >= xRange[0] && t <= xRange[1]) {
        el(svg, 'line', {'class': 'axis', x1: x(t), x2: x(t), y1: PLOT.bottom, y2: PLOT.bottom + 4});
        el(svg, 'text', {x: x(t), y: PLOT.bottom + 20, 'text-anchor': 'middle'}, String(t));
      }
    });
    el(svg, 'line', {'class': 'axis', x1: PLOT.left, x2: PLOT.right, y1: PLOT.bottom, y2: PLOT.bottom});
    el(svg, 'line', {'class': 'axis', x1: PLOT.left, x2: PLOT.left, y1: PLOT.top, y2: PLOT.bottom});
    el(svg, 'text', {x: (PLOT.left + PLOT.right) / 2, y: HEIGHT - 8, 'text-anchor': 'middle'}, 'iteration');
    el(svg, 'text', {x: 14, y: (PLOT.top + PLOT.bottom) / 2, 'text-anchor': 'middle',
      transform: 'rotate(-90 14 ' + (PLOT.top + PLOT.bottom) / 2 + ')'}, yLabel);
    return {x: x, y: y, yLo: yLo, yHi: yHi};
  }

  function legend(svg, index, name, color) {
    var top = PLOT.top + 8 + index * 20;
    el(svg, 'rect', {x: PLOT.right + 14, y: top - 10, width: 14, height: 11, fill: color});
    el(svg, 'text', {x: PLOT.right + 34, y: top}, name);
  }

  /**
   * One line per series; series = [{name, points: [[x, y or null]], dashed}]. A null y breaks the
   * line. Throws when no series has a point: an empty chart is an error, not a blank picture.
   */
  function lineChart(svg, series, yLabel, zeroLine) {
    var xs = [];
    var ys = [];
    series.forEach(function (s) {
      s.points.forEach(function (p) {
        if (p[1] !== null) {
          xs.push(p[0]);
          ys.push(p[1]);
        }
      });
    });
    if (ys.length === 0) {
      throw new Error('no data points for ' + svg.getAttribute('data-chart'));
    }
    var xRange = range(xs);
    if (xs.length && Math.min.apply(null, xs) === Math.max.apply(null, xs)) {
      xRange = [xs[0] - 1, xs[0] + 1];
    }
    var f = frame(svg, xRange, range(zeroLine ? ys.concat([0]) : ys), yLabel);
    if (zeroLine) {
      el(svg, 'line', {'class': 'zero', x1: PLOT.left, x2: PLOT.right, y1: f.y(0), y2: f.y(0)});
    }
    series.forEach(function (s, i) {
      var color = PALETTE[i % PALETTE.length];
      var d = [];
      var pen = 'M';
      s.points.forEach(function (p) {
        if (p[1] === null) {
          pen = 'M';
          return;
        }
        d.push(pen + f.x(p[0]).toFixed(1) + ',' + f.y(p[1]).toFixed(1));
        pen = 'L';
      });
      if (d.length > 0) {
        el(svg, 'path', {'class': 'series' + (s.dashed ? ' dashed' : ''), d: d.join(' '), stroke: color,
          'data-series': s.name});
      }
      s.points.forEach(function (p) {
        if (p[1] !== null) {
          var dot = el(svg, 'circle', {'class': 'point', cx: f.x(p[0]).toFixed(1), cy: f.y(p[1]).toFixed(1), r: 3,
            fill: color, 'data-series': s.name});
          el(dot, 'title', {}, s.name + ', iteration ' + p[0] + ': ' + fmt(p[1]));
        }
      });
      legend(svg, i, s.name, color);
    });
  }

  /** Stacked bars: for every iteration, how many tensors each branch of the solver handled. */
  function branchChart(svg) {
    var names = [];
    history.forEach(function (h) {
      Object.keys(h.branches || {}).forEach(function (b) {
        if (names.indexOf(b) < 0) {
          names.push(b);
        }
      });
    });
    var totals = history.map(function (h) {
      return names.reduce(function (sum, b) {
        return sum + ((h.branches || {})[b] || 0);
      }, 0);
    });
    if (names.length === 0 || Math.max.apply(null, totals) === 0) {
      throw new Error('no branch counts');
    }
    var first = history[0].iteration;
    var last = history[history.length - 1].iteration;
    var f = frame(svg, [first - 0.5, last + 0.5], [0, Math.max.apply(null, totals)], 'tensors');
    var width = Math.max(1, 0.7 * (PLOT.right - PLOT.left) / history.length);
    history.forEach(function (h) {
      var base = 0;
      names.forEach(function (b, i) {
        var count = (h.branches || {})[b] || 0;
        if (count > 0) {
          var bar = el(svg, 'rect', {'class': 'bar', x: (f.x(h.iteration) - width / 2).toFixed(1),
            y: f.y(base + count).toFixed(1), width: width.toFixed(1),
            height: (f.y(base) - f.y(base + count)).toFixed(1), fill: PALETTE[i % PALETTE.length],
            'data-series': b});
          el(bar, 'title', {}, b + ', iteration ' + h.iteration + ': ' + count);
          base += count;
        }
      });
    });
    names.forEach(function (b, i) {
      legend(svg, i, b, PALETTE[i % PALETTE.length]);
    });
  }

  /** Loss or accuracy of one split per iteration, then the final model one iteration after the last. */
  function track(split, field, historyField) {
    var points = history.map(function (h) {
      return [h.iteration, num(h[historyField])];
    });
    var after = data.metrics && data.metrics.after && data.metrics.after[split];
    if (after && history.length > 0) {
      points.push([history[history.length - 1].iteration + 1, num(after[field])]);
    }
    return {name: split + ' ' + field, points: points};
  }

  function tensorNames() {
    var names = [];
    history.forEach(function (h) {
      (h.tensors || []).forEach(function (t) {
        if (names.indexOf(t.name) < 0) {
          names.push(t.name);
        }
      });
    });
    return names;
  }

  function perIteration(name, value, dashed) {
    return {name: name, dashed: dashed, points: history.map(function (h) {
      return [h.iteration, num(value(h))];
    })};
  }

  var CHARTS = {
    loss: function (svg) {
      lineChart(svg, [track('retain', 'loss', 'retainLoss'), track('forget', 'loss', 'forgetLoss')], 'mean loss');
    },
    accuracy: function (svg) {
      lineChart(svg, [track('retain', 'accuracy', 'retainAccuracy'), track('forget', 'accuracy', 'forgetAccuracy')],
        'accuracy');
    },
    kappa: function (svg) {
      var series = tensorNames().map(function (name) {
        return perIteration(name, function (h) {
          var t = (h.tensors || []).filter(function (x) {
            return x.name === name;
          })[0];
          return t ? t.kappa : null;
        });
      });
      series.push(perIteration('model-wide', function (h) {
        return h.kappa;
      }, true));
      lineChart(svg, series, 'κ (cosine of g_r, g_f)', true);
    },
    margin: function (svg) {
      lineChart(svg, [perIteration('stopping margin', function (h) {
        return h.stoppingMargin;
      })], 'constraint − RHS', true);
    },
    branches: branchChart,
    forgetIncrease: function (svg) {
      var parts = [['requested B', 'requested'], ['first order', 'firstOrder'], ['actual', 'actual']];
      lineChart(svg, parts.map(function (p) {
        return perIteration(p[0], function (h) {
          return h.forgetIncrease ? h.forgetIncrease[p[1]] : null;
        }, p[1] === 'requested');
      }), 'forget-loss increase', true);
    }
  };

  // one failing chart must not keep the others from being drawn; its error is listed on the page
  Array.prototype.forEach.call(document.querySelectorAll('svg[data-chart]'), function (svg) {
    var kind = svg.getAttribute('data-chart');
    try {
      if (!CHARTS[kind]) {
        throw new Error('unknown chart');
      }
      CHARTS[kind](svg);
    } catch (e) {
      window.hamuReportError('chart ' + kind + ': ' + e.message);
    }
  });
})();
