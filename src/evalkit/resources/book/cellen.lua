-- Turns the cells of one papermill-executed notebook (pandoc ipynb reader, --ipynb-output=all)
-- into report content: honours Quarto `#|` cell options, hides parameter cells and code,
-- keeps one representation per output (markdown > HTML table > image > plain text), turns
-- labelled images into figures and HTML tables into real tables, and unwraps the cell divs.
--
-- Metadata read: `echo` (default for cells without `#| echo`, false unless set).

-- Under Quarto (which names this filter in reports/_quarto.yml too) the cells are Quarto's own
-- job: it reads the `#|` options, echo, labels, captions and fig-alt itself, so this filter
-- steps aside. One thing remains for Quarto's HTML site: a chapter's appendix part (a level-1
-- heading with class "bijlage") stays on the chapter's page there (boek.lua moves it in the
-- PDF), so it and its sections are not numbered as if they were the next chapter.
if type(quarto) == "table" then
  if not quarto.doc.is_format("html") then
    return {}
  end
  local in_appendix = false
  return {
    {
      Header = function(h)
        if h.level == 1 then
          in_appendix = h.classes:includes("bijlage")
        end
        if in_appendix and not h.classes:includes("unnumbered") then
          h.classes:insert("unnumbered")
          return h
        end
      end,
    },
  }
end

local echo_default = false

-- Cell tags that remove a whole cell.
local HIDDEN_TAGS = {
  ["parameters"] = true,
  ["injected-parameters"] = true,
  ["remove-cell"] = true,
}

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- Parse one `#| key: value` value: booleans, quoted strings, plain text.
local function parse_value(v)
  v = trim(v)
  if v == "true" then
    return true
  elseif v == "false" then
    return false
  end
  local q = v:match('^"(.*)"$') or v:match("^'(.*)'$")
  return q or v
end

-- Split leading `#|` option lines from the code; returns options and the remaining code.
local function cell_options(code)
  local opts, rest, in_header = {}, {}, true
  for line in (code .. "\n"):gmatch("(.-)\n") do
    local key, value = line:match("^#|%s*([%w%-_]+)%s*:%s*(.-)%s*$")
    if in_header and key then
      opts[key] = parse_value(value)
    else
      in_header = false
      table.insert(rest, line)
    end
  end
  while #rest > 0 and rest[#rest] == "" do
    table.remove(rest)
  end
  return opts, table.concat(rest, "\n")
end

local function cell_tags(attr)
  local raw = attr.attributes["tags"]
  local tags = {}
  if raw and raw ~= "" then
    local ok, list = pcall(pandoc.json.decode, raw)
    if ok and type(list) == "table" then
      for _, t in ipairs(list) do
        tags[t] = true
      end
    end
  end
  return tags
end

local function stringify_cell(cell)
  return trim(pandoc.utils.stringify(cell.contents))
end

-- A cell text counts as numeric when it is a number, amount or percentage (Dutch or not).
local function looks_numeric(s)
  s = s:gsub("\u{a0}", " ")
  s = trim(s)
  if s == "" or s == "–" or s == "-" then
    return nil
  end
  s = s:gsub("^[-−+]?%s*€?%s*", ""):gsub("%s*%%$", "")
  return s:match("^%d[%d%.,]*$") ~= nil
end

local function row_texts(row)
  local out = {}
  for i, cell in ipairs(row.cells) do
    out[i] = stringify_cell(cell)
  end
  return out
end

-- Tidy a table parsed from a pandas HTML output: merge the index-name header row, drop an
-- unnamed 0..n-1 index column, strip attributes and right-align numeric columns.
local function tidy_table(tbl)
  tbl.attr = pandoc.Attr()
  local head_rows = tbl.head.rows
  -- pandas writes a named index as a second header row: [index name, "", ""...]
  if #head_rows == 2 then
    local r1, r2 = row_texts(head_rows[1]), row_texts(head_rows[2])
    local rest_empty = true
    for i = 2, #r2 do
      if r2[i] ~= "" then
        rest_empty = false
      end
    end
    if r1[1] == "" and r2[1] ~= "" and rest_empty and #r1 == #r2 then
      head_rows[1].cells[1] = head_rows[2].cells[1]
      head_rows:remove(2)
    end
  end
  -- drop an unnamed RangeIndex column (0, 1, 2, ...)
  local first_header = #head_rows >= 1 and row_texts(head_rows[1])[1] or nil
  if first_header == "" and #tbl.bodies > 0 then
    local n, is_range = 0, true
    for _, body in ipairs(tbl.bodies) do
      for _, row in ipairs(body.body) do
        local t = row.cells[1] and stringify_cell(row.cells[1]) or ""
        if t ~= tostring(n) then
          is_range = false
        end
        n = n + 1
      end
    end
    if is_range and n > 0 then
      for _, row in ipairs(head_rows) do
        row.cells:remove(1)
      end
      for _, body in ipairs(tbl.bodies) do
        body.row_head_columns = 0
        for _, row in ipairs(body.body) do
          row.cells:remove(1)
        end
      end
      tbl.colspecs:remove(1)
    end
  end
  -- strip row and cell attributes (pandas/Styler ids, inline styles)
  local function clean_rows(rows)
    for _, row in ipairs(rows) do
      row.attr = pandoc.Attr()
      for _, cell in ipairs(row.cells) do
        cell.attr = pandoc.Attr()
      end
    end
  end
  clean_rows(head_rows)
  for _, body in ipairs(tbl.bodies) do
    clean_rows(body.body)
    clean_rows(body.head)
  end
  -- right-align columns whose body cells are all numeric
  for col = 1, #tbl.colspecs do
    local numeric, seen = true, false
    for _, body in ipairs(tbl.bodies) do
      for _, row in ipairs(body.body) do
        local cell = row.cells[col]
        if cell then
          local r = looks_numeric(stringify_cell(cell))
          if r == false then
            numeric = false
          elseif r then
            seen = true
          end
        end
      end
    end
    if numeric and seen then
      tbl.colspecs[col] = { pandoc.AlignRight, tbl.colspecs[col][2] }
    end
  end
  return tbl
end

-- Best representation of one output div, as a kind and a list of blocks.
-- Kinds: "markdown", "table", "image", "text"; nil when the output shows nothing.
local function choose_representation(out)
  if out.classes:includes("stderr") or out.classes:includes("error") then
    return nil
  end
  local markdown, html_tables, images, text = nil, nil, nil, nil
  for _, b in ipairs(out.content) do
    if b.t == "RawBlock" and b.format == "markdown" and not markdown then
      -- (Generated pipe tables get widths from their separator line; the book filter
      -- replaces them.)
      markdown = pandoc.read(b.text, "markdown").blocks
    elseif b.t == "RawBlock" and b.format == "html" and not html_tables then
      if b.text:find("<table", 1, true) then
        local found = pandoc.List()
        pandoc.read(b.text, "html").blocks:walk({
          Table = function(t)
            found:insert(tidy_table(t))
          end,
        })
        if #found > 0 then
          html_tables = found
        end
      end
    elseif (b.t == "Para" or b.t == "Plain") and #b.content == 1 and b.content[1].t == "Image" then
      images = images or pandoc.List()
      images:insert(b.content[1])
    elseif b.t == "CodeBlock" and not text then
      text = b.text
    end
  end
  if markdown then
    return "markdown", markdown
  elseif html_tables then
    return "table", html_tables
  elseif images then
    return "image", images
  elseif text and trim(text) ~= "" then
    return "text", { pandoc.CodeBlock(text:gsub("%s+$", ""), pandoc.Attr("", { "output" })) }
  end
  return nil
end

-- A caption as blocks; a single paragraph becomes Plain (no <p> inside <figcaption>).
local function caption_blocks(text)
  if not text or text == "" then
    return {}
  end
  local blocks = pandoc.read(text, "markdown").blocks
  if #blocks == 1 and blocks[1].t == "Para" then
    return { pandoc.Plain(blocks[1].content) }
  end
  return blocks
end

-- The alternative text of an image, in Quarto's order: the cell's `#| fig-alt:` option (the
-- author's own words), else the "alt" of the output's metadata (written by
-- evalkit.present.display.show_figure from the chart's data; pandoc's ipynb reader makes it an
-- image attribute; evalkit run also copies it into the cell metadata's fig-alt, where Quarto
-- reads it), else the caption.
local function alt_text(img, opts, cap)
  local alt = img.attributes["alt"]
  img.attributes["alt"] = nil
  local candidates = { opts["fig-alt"], alt, cap }
  for i = 1, 3 do
    local candidate = candidates[i]
    if type(candidate) == "string" and trim(candidate) ~= "" then
      return trim(candidate)
    end
  end
  return nil
end

-- Turn a list of images into figures; the first gets the cell's label as id. The image's
-- description is its alternative text (alt in HTML; boek.lua writes `alt:` for typst).
local function figures(images, opts)
  local blocks, label, cap = pandoc.List(), opts["label"], opts["fig-cap"]
  for i, img in ipairs(images) do
    img.attributes["width"] = "100%"
    local alt = alt_text(img, opts, cap)
    img.caption = alt and pandoc.Inlines(alt) or {}
    local id = (i == 1 and label) and label or ""
    if cap or (label and label:match("^fig%-")) then
      local c = cap or ""
      if #images > 1 then
        c = c .. (c ~= "" and " " or "") .. "(" .. i .. ")"
      end
      blocks:insert(pandoc.Figure(pandoc.Plain({ img }), { long = caption_blocks(c) }, pandoc.Attr(id)))
    else
      blocks:insert(pandoc.Para({ img }))
    end
  end
  return blocks
end

-- Give the first table of the cell its label and caption (tbl-cap).
local function caption_tables(blocks, opts)
  local label, cap, done = opts["label"], opts["tbl-cap"], false
  if not (cap or (label and label:match("^tbl%-"))) then
    return blocks
  end
  return pandoc.Blocks(blocks):walk({
    Table = function(t)
      if done then
        return nil
      end
      done = true
      if label then
        t.attr = pandoc.Attr(label, t.attr.classes, t.attr.attributes)
      end
      if cap then
        t.caption = { long = caption_blocks(cap) }
      end
      return t
    end,
  })
end

local function code_cell(div)
  local tags = cell_tags(div.attr)
  for tag, _ in pairs(tags) do
    if HIDDEN_TAGS[tag] then
      return {}
    end
  end
  local opts, source = {}, ""
  local outputs = pandoc.List()
  for _, b in ipairs(div.content) do
    if b.t == "CodeBlock" and not b.classes:includes("output") and source == "" and #outputs == 0 then
      opts, source = cell_options(b.text)
    elseif b.t == "Div" and b.classes:includes("output") then
      outputs:insert(b)
    end
  end
  if opts["include"] == false then
    return {}
  end
  local result = pandoc.List()
  local echo = opts["echo"]
  if echo == nil then
    echo = echo_default
  end
  if (echo == true or tags["show-code"]) and not tags["hide-code"] and source ~= "" then
    result:insert(pandoc.CodeBlock(source, pandoc.Attr("", { "python" })))
  end
  if opts["output"] == false or tags["remove-output"] or tags["hide-output"] then
    return result
  end
  local chosen, rich = pandoc.List(), false
  for _, out in ipairs(outputs) do
    local kind, blocks = choose_representation(out)
    if kind then
      chosen:insert({ kind = kind, blocks = blocks })
      rich = rich or kind ~= "text"
    end
  end
  local content = pandoc.List()
  for _, c in ipairs(chosen) do
    if c.kind == "image" then
      content:extend(figures(c.blocks, opts))
    elseif c.kind ~= "text" or not rich then
      content:extend(c.blocks)
    end
  end
  result:extend(caption_tables(content, opts))
  return result
end

return {
  {
    Meta = function(meta)
      if meta.echo ~= nil then
        echo_default = meta.echo == true or pandoc.utils.stringify(meta.echo) == "true"
      end
    end,
  },
  {
    Div = function(div)
      if not div.classes:includes("cell") then
        return nil
      end
      if div.classes:includes("code") then
        return code_cell(div)
      end
      -- markdown and raw cells: keep the content, drop the wrapper
      return div.content
    end,
  },
}
