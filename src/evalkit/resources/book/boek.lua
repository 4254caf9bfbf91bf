-- Finishes the merged book document before writing HTML or typst: makes identifiers unique,
-- letters the appendices ("Bijlage A: ..."), numbers figures and tables (HTML captions get
-- "Figuur 1: "; typst numbers them itself) and resolves `@fig-...`/`@tbl-...`/`@sec-...`
-- references (HTML: link with label; typst: a real reference). Unknown references stay as
-- plain text, with a warning on stderr, so that typst never fails on a missing label.

local is_html = FORMAT:match("html") ~= nil
local is_typst = FORMAT:match("typst") ~= nil
-- Under Quarto (filter entry point post-render) appendices, numbering and cross-references
-- are Quarto's own; this filter then only does the table, image and euro parts.
local in_quarto = type(quarto) == "table"

-- id -> {text = "Figuur 2" / "Tabel 1" / "hoofdstuk 3" / ..., ref = typst can @-reference it}
local labels = {}
local seen = {}

local function unique(id)
  if id == nil or id == "" then
    return id
  end
  if not seen[id] then
    seen[id] = true
    return id
  end
  local n = 2
  while seen[id .. "-" .. n] do
    n = n + 1
  end
  seen[id .. "-" .. n] = true
  return id .. "-" .. n
end

local function prefix_caption(caption, text)
  local long = caption.long
  local label = pandoc.Span({ pandoc.Str(text .. ":") }, pandoc.Attr("", { "caption-label" }))
  if #long == 0 then
    caption.long = { pandoc.Plain({ label }) }
  else
    local first = long[1]
    if first.t == "Plain" or first.t == "Para" then
      first.content:insert(1, pandoc.Space())
      first.content:insert(1, label)
    end
  end
  return caption
end

-- A figure or table with a caption gets its number: a label for cross-references and, in
-- HTML, the "Figuur 2:" / "Tabel 1:" prefix (typst numbers captions itself).
local function number_captioned(el, label)
  el.identifier = unique(el.identifier)
  if #el.caption.long > 0 then
    if el.identifier ~= "" then
      labels[el.identifier] = { text = label, ref = true }
    end
    if is_html then
      el.caption = prefix_caption(el.caption, label)
    end
  end
  return el
end

-- One pass in document order over headers, figures and tables.
local function number_blocks(doc)
  local chapter, letter = 0, 0
  local figures, tables = 0, 0
  local appendix_letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
  doc.blocks = doc.blocks:walk({
    traverse = "topdown",
    Header = function(h)
      h.identifier = unique(h.identifier)
      if h.level == 1 and h.classes:includes("bijlage") then
        letter = letter + 1
        local l = appendix_letters:sub(letter, letter)
        h.content:insert(1, pandoc.Space())
        h.content:insert(1, pandoc.Str("Bijlage " .. l .. ":"))
        labels[h.identifier] = { text = "bijlage " .. l, ref = false }
      elseif h.level == 1 and not h.classes:includes("unnumbered") then
        chapter = chapter + 1
        labels[h.identifier] = { text = "hoofdstuk " .. chapter, ref = true }
      elseif h.identifier ~= "" then
        labels[h.identifier] = { text = pandoc.utils.stringify(h.content), ref = false }
      end
      return h
    end,
    Figure = function(f)
      if #f.caption.long > 0 then
        figures = figures + 1
      end
      return number_captioned(f, "Figuur " .. figures)
    end,
    Table = function(t)
      if #t.caption.long > 0 then
        tables = tables + 1
      end
      return number_captioned(t, "Tabel " .. tables)
    end,
    Div = function(d)
      d.identifier = unique(d.identifier)
      return d
    end,
  })
  return doc
end

local function resolve_references(doc)
  doc.blocks = doc.blocks:walk({
    Cite = function(c)
      local out = pandoc.Inlines({})
      for i, citation in ipairs(c.citations) do
        local id = citation.id
        if i > 1 then
          out:insert(pandoc.Str(","))
          out:insert(pandoc.Space())
        end
        local target = labels[id]
        if target and is_typst and target.ref then
          out:insert(pandoc.RawInline("typst", "@" .. id))
        elseif target then
          out:insert(pandoc.Link(target.text, "#" .. id))
        else
          io.stderr:write("Waarschuwing: verwijzing naar onbekend label '@" .. id .. "'\n")
          out:insert(pandoc.Str("@" .. id))
        end
      end
      return out
    end,
  })
  return doc
end

-- Appendix parts of a chapter (a level-1 heading with class "bijlage", such as the detail
-- tables of the evaluation notebook) move behind the body: the body chapters keep their order,
-- then every appendix (those parts and the book's own appendices) in order of appearance. A
-- chapter's source mark (a typst comment) travels with the chapter that follows it.
local function chapter_start(block, previous)
  if block.t == "RawBlock" and block.text:find("evalkit-hoofdstuk", 1, true) then
    return true
  end
  local after_mark = previous
    and previous.t == "RawBlock"
    and previous.text:find("evalkit-hoofdstuk", 1, true)
  return block.t == "Header" and block.level == 1 and not after_mark
end

-- Under Quarto the book's appendices start at the raw typst block of its book filter
-- (`#show: appendices.with(...)`, in a part div; see typst-template.typ), which letters their
-- headings; an appendix part moves right behind that div, as it is, before the book's own
-- appendices. The part's heading comes from a cell output, so a cell div holding a chapter
-- heading is unwrapped first. Quarto's HTML book is a site of one page per chapter, where
-- the part stays in its chapter.
local function holds(block, test)
  local found = false
  pandoc.Blocks({ block }):walk({
    Header = function(h)
      found = found or test(h)
    end,
    RawBlock = function(r)
      found = found or test(r)
    end,
  })
  return found
end

local function chapter_heading(b)
  return b.t == "Header" and b.level == 1
end

local function appendices_start(b)
  return b.t == "RawBlock" and b.text:find("appendices.with", 1, true) ~= nil
end

-- The blocks with every div that holds a chapter heading (a cell and its output) unwrapped.
local function unwrap_chapter_divs(blocks, flat)
  for _, block in ipairs(blocks) do
    if block.t == "Div" and holds(block, chapter_heading) then
      unwrap_chapter_divs(block.content, flat)
    else
      flat:insert(block)
    end
  end
  return flat
end

local function move_appendices_quarto(doc)
  local flat = unwrap_chapter_divs(doc.blocks, pandoc.Blocks({}))
  local body, moved, rest = pandoc.Blocks({}), pandoc.Blocks({}), nil
  local in_part = false
  for _, block in ipairs(flat) do
    if rest then
      rest:insert(block)
    elseif holds(block, appendices_start) then
      rest = pandoc.Blocks({ block })
    else
      if chapter_heading(block) then
        in_part = block.classes:includes("bijlage")
      end
      if in_part then
        moved:insert(block)
      else
        body:insert(block)
      end
    end
  end
  if rest == nil or #moved == 0 then
    return doc
  end
  body:insert(rest[1])
  body:extend(moved)
  for i = 2, #rest do
    body:insert(rest[i])
  end
  doc.blocks = body
  return doc
end

local function move_appendices(doc)
  local parts = { { blocks = pandoc.Blocks({}), appendix = false } }
  for i, block in ipairs(doc.blocks) do
    if chapter_start(block, doc.blocks[i - 1]) then
      parts[#parts + 1] = { blocks = pandoc.Blocks({}), appendix = false }
    end
    local part = parts[#parts]
    if block.t == "Header" and block.level == 1 and block.classes:includes("bijlage") then
      part.appendix = true
    end
    part.blocks:insert(block)
  end
  local body, appendices = pandoc.Blocks({}), pandoc.Blocks({})
  for _, part in ipairs(parts) do
    if part.appendix then
      for _, block in ipairs(part.blocks) do
        if block.t == "Header" and not block.classes:includes("unnumbered") then
          block.classes:insert("unnumbered")
        end
        appendices:insert(block)
      end
    else
      body:extend(part.blocks)
    end
  end
  if is_typst and #appendices > 0 then
    body:insert(pandoc.RawBlock("typst", "#pagebreak(weak: true)"))
  end
  body:extend(appendices)
  doc.blocks = body
  return doc
end

-- Keep "€" with its amount ("€ 1.234") and a date with its parts ("31 augustus 2023"): joined
-- by non-breaking spaces, so they never break across lines.
local MONTHS = {
  januari = true, februari = true, maart = true, april = true, mei = true, juni = true,
  juli = true, augustus = true, september = true, oktober = true, november = true,
  december = true,
}

local function joined(a, b, c)
  if not (a and b and c and a.t == "Str" and b.t == "Space" and c.t == "Str") then
    return false
  end
  if a.text:match("€$") then
    return true
  end
  -- "31 augustus" and "augustus 2023" (after the first join: "31 augustus 2023")
  return (a.text:match("^%d%d?$") and MONTHS[c.text]) or (MONTHS[a.text:match("[%a]+$") or ""]
    and c.text:match("^%d%d%d%d[%.,;:)]?$"))
end

local function bind_euro(doc)
  doc.blocks = doc.blocks:walk({
    Inlines = function(inlines)
      local i = 1
      while i <= #inlines - 2 do
        local a, b, c = inlines[i], inlines[i + 1], inlines[i + 2]
        if joined(a, b, c) then
          inlines[i] = pandoc.Str(a.text .. "\u{a0}" .. c.text)
          inlines:remove(i + 2)
          inlines:remove(i + 1)
        else
          i = i + 1
        end
      end
      return inlines
    end,
  })
  return doc
end

-- Words that name a status: never hyphenated in a table cell.
local STATUS_WORDS = {
  behaald = true, deels = true, niet = true, nog = true, te = true, beoordelen = true,
  vervallen = true, gestart = true, loopt = true, afgerond = true, uitgesteld = true,
  gehaald = true, ja = true, nee = true, geen = true,
}

-- A token that must stay whole in a table cell: it holds a digit, an amount, a percentage or
-- a date, or it is a status word.
local function unbreakable(word)
  local bare = word:gsub("[%(%)%.,;:]", "")
  return word:find("[%d€%%]") ~= nil or STATUS_WORDS[bare:lower()] == true
end

-- Column widths for tables that have none: every column gets at least its longest word (up
-- to MAX_WORD: longer words are hyphenated; tokens with digits or punctuation such as file
-- names cannot be, up to MAX_HARD), the rest of the line goes to the columns with more text. Measured in characters of the table font; LINE is about how many fit on one
-- line of an A4 page.
local LINE = 106
local CELL_PADDING = 2.5
local MAX_WORD = 12
local MAX_HARD = 30
local MAX_DESIRED = 300
-- Digits and the euro sign are wider than the average letter of DejaVu Sans.
local DIGIT_WIDTH = 1.15

local function text_length(s)
  return utf8.len(s) or #s
end

-- Widths a table already has are replaced: the tables come from generated pipe tables, whose
-- widths (the dash counts of the separator line, used by pandoc for long lines) mean nothing.
local function column_widths(tbl)
  local n = #tbl.colspecs
  if n < 2 then
    return nil
  end
  -- soft: longest hyphenatable word (capped); hard: longest token that cannot be hyphenated
  -- (with digits or punctuation, such as file names and amounts)
  local soft, hard, desired = {}, {}, {}
  for c = 1, n do
    soft[c], hard[c], desired[c] = 1, 1, 1
  end
  local function measure(rows, factor, whole)
    for _, row in ipairs(rows) do
      local c = 1
      for _, cell in ipairs(row.cells) do
        if c > n then
          break
        end
        local text = pandoc.utils.stringify(cell.contents)
        for word in text:gmatch("%S+") do
          local len = text_length(word)
          if whole or unbreakable(word) then
            hard[c] = math.max(hard[c], math.min(len, MAX_HARD) * factor * DIGIT_WIDTH)
          elseif word:find("[%d_/%.€%%]") and not word:match("^%a+[%.,;:]?$") then
            hard[c] = math.max(hard[c], math.min(len, MAX_HARD) * factor)
          else
            soft[c] = math.max(soft[c], math.min(len, MAX_WORD) * factor)
          end
        end
        if cell.col_span == 1 then
          desired[c] = math.max(desired[c], math.min(text_length(text) * factor, MAX_DESIRED))
        end
        c = c + cell.col_span
      end
    end
  end
  measure(tbl.head.rows, 1.1, true)
  for _, body in ipairs(tbl.bodies) do
    measure(body.head, 1.0)
    measure(body.body, 1.0)
  end
  local minimum = {}
  local total_desired, total_minimum = 0, 0
  for c = 1, n do
    minimum[c] = math.max(soft[c], hard[c]) + CELL_PADDING
    desired[c] = math.max(desired[c] + CELL_PADDING, minimum[c])
    total_desired = total_desired + desired[c]
    total_minimum = total_minimum + minimum[c]
  end
  if total_desired <= LINE then
    return nil -- fits on a line: automatic widths are fine
  end
  -- Many columns: shrink the minima (the words hyphenate) so that at least 30% of the line
  -- is left for the columns with most text.
  if total_minimum > 0.7 * LINE then
    local scale = 0.7 * LINE / total_minimum
    for c = 1, n do
      minimum[c] = math.max(soft[c] * scale, hard[c]) + CELL_PADDING * scale
    end
  end
  local widths = {}
  do
    -- Share the line in proportion to the text each column holds; a column whose share
    -- would be below its minimum gets the minimum, and the others share what is left.
    local fixed, remaining = {}, LINE
    local changed = true
    while changed do
      changed = false
      local free = 0
      for c = 1, n do
        if not fixed[c] then
          free = free + desired[c]
        end
      end
      for c = 1, n do
        if not fixed[c] and remaining * desired[c] / free < minimum[c] then
          fixed[c] = true
          widths[c] = minimum[c] / LINE
          remaining = remaining - minimum[c]
          changed = true
        end
      end
      if not changed then
        for c = 1, n do
          if not fixed[c] then
            widths[c] = remaining * desired[c] / free / LINE
          end
        end
      end
    end
  end
  for c = 1, n do
    -- round to 0.1% so that output is stable across platforms
    tbl.colspecs[c] = { tbl.colspecs[c][1], math.floor(widths[c] * 1000 + 0.5) / 1000 }
  end
  return tbl
end

-- A typst string literal.
local function typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", " ") .. '"'
end

-- typst: every image gets its description as `alt:` (pandoc's typst writer drops it), so
-- that typst can write PDF/UA-1, which requires alternative text on every image.
local function typst_image(img)
  local alt = pandoc.utils.stringify(img.caption)
  local args = { typst_string(img.src) }
  local width = img.attributes["width"]
  if width and width:match("^[%d%.]+%%$") then
    table.insert(args, "width: " .. width)
  end
  if alt ~= "" then
    table.insert(args, "alt: " .. typst_string(alt))
  end
  return pandoc.RawInline("typst", "#image(" .. table.concat(args, ", ") .. ")")
end

-- Under Quarto a figure reaches this filter as a div of raw pieces around its image and its
-- caption: typst `#figure([`, the image, `], caption: figure.caption(`, ..., `[`, the caption;
-- HTML `<figure>`, the image, `<figcaption ...>`, "Figuur 1: " and the caption. An image
-- without alternative text gets the caption's text, as the built-in renderer gives it
-- (cellen.lua): typst refuses an image without one in a PDF/UA-1 document, and an HTML image
-- without alt fails WCAG 1.1.1.
local function raw_start(block)
  if block.t == "RawBlock" then
    return block.text
  end
  local first = block.t == "Plain" and block.content[1]
  return first and first.t == "RawInline" and first.text or nil
end

local function typst_caption(blocks)
  local state = "image"
  for _, block in ipairs(blocks) do
    local raw = raw_start(block)
    if raw and raw:find("caption: figure.caption(", 1, true) then
      state = "caption"
    elseif raw == "[" and state == "caption" then
      state = "text"
    elseif not raw and state == "text" and block.t == "Plain" then
      return pandoc.utils.stringify(block)
    end
  end
end

local function html_caption(blocks)
  local caption = nil
  pandoc.Blocks(blocks):walk({
    Div = function(div)
      local raw = raw_start(div.content[1] or pandoc.Null())
      if not caption and raw and raw:find("<figcaption", 1, true) then
        caption = pandoc.utils.stringify(pandoc.Blocks({ table.unpack(div.content, 2) }))
        caption = caption:gsub("^Figuur%s+[%w%.]+:%s*", "")
      end
    end,
  })
  return caption
end

local function quarto_figure_alt(div)
  local start = raw_start(div.content[1] or pandoc.Null()) or ""
  local caption = nil
  if start == "#figure([" then
    caption = typst_caption(div.content)
  elseif start:find("^<figure") then
    caption = html_caption(div.content)
  end
  if not caption or caption == "" then
    return nil
  end
  return div:walk({
    Image = function(img)
      if pandoc.utils.stringify(img.caption) == "" then
        img.caption = pandoc.Inlines(caption)
        return img
      end
    end,
  })
end

-- typst: in a table cell, a number, amount, date or status word goes in a box, so that it is
-- never hyphenated or broken across lines ("31 au-gus-tus 2023", "be-haald").
local function keep_whole(cell)
  return cell:walk({
    Str = function(str)
      if unbreakable(str.text) then
        return pandoc.RawInline("typst", "#box(" .. typst_string(str.text) .. ")")
      end
    end,
  })
end

local function table_cells_whole(tbl)
  local function rows(list)
    for _, row in ipairs(list) do
      for i, cell in ipairs(row.cells) do
        row.cells[i] = keep_whole(cell)
      end
    end
  end
  rows(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do
    rows(body.head)
    rows(body.body)
  end
  rows(tbl.foot.rows)
  return tbl
end

-- HTML: a wide table scrolls in its own box, which keyboard users must be able to reach:
-- the box is focusable (tabindex 0) and named as a region after the table's caption.
local function scroll_box(t)
  -- no widths: the separator line's dashes mean nothing, browsers size columns well
  for i, spec in ipairs(t.colspecs) do
    t.colspecs[i] = { spec[1], pandoc.ColWidthDefault }
  end
  local name = pandoc.utils.stringify(t.caption.long)
  if name == "" then
    name = "Tabel"
  end
  -- A list of pairs, not a Lua table: attributes keep this order (reproducible bytes).
  return pandoc.Div({ t }, pandoc.Attr("", { "tabel" }, {
    { "tabindex", "0" },
    { "role", "region" },
    { "aria-label", name },
  }))
end

function Pandoc(doc)
  if in_quarto then
    doc.blocks = doc.blocks:walk({ Div = quarto_figure_alt })
  end
  if not in_quarto then
    doc = move_appendices(doc)
  elseif is_typst then
    doc = move_appendices_quarto(doc)
  end
  doc = bind_euro(doc)
  if is_typst then
    doc.blocks = doc.blocks:walk({ Table = column_widths, Image = typst_image })
    doc.blocks = doc.blocks:walk({ Table = table_cells_whole })
  else
    -- Browsers size table columns well themselves; a wide table scrolls in its own box.
    doc.blocks = doc.blocks:walk({ Table = scroll_box })
  end
  if not in_quarto then
    doc = number_blocks(doc)
    doc = resolve_references(doc)
  end
  return doc
end
