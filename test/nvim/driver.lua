-- Drives Neovim's built-in LSP client headless, after the README's setup has been loaded as
-- init.lua. Opens $PADDED_CELL_NVIM_DIAGNOSTICS and records what the server publishes for it;
-- then opens $PADDED_CELL_NVIM_FIX, asks for code actions on its `eval` finding, applies the
-- `ast.literal_eval` fix and records the text and the diagnostics that follow. Everything goes
-- to $PADDED_CELL_NVIM_OUT as JSON; then Neovim quits. Neovim 0.7 API only (Debian bookworm's).
local out = assert(os.getenv('PADDED_CELL_NVIM_OUT'))
local result = { published = {}, errors = {}, codeActions = {} }

local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  table.insert(result.published, vim.deepcopy(params))
  return default_handler(err, params, ctx, config)
end

local function finish()
  local file = assert(io.open(out, 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qall!')
end

--- The newest publication for `uri`, and its index in `result.published`.
local function latest(uri)
  for i = #result.published, 1, -1 do
    if result.published[i].uri == uri then
      return result.published[i], i
    end
  end
  return nil, 0
end

--- Opens `file` and waits for its first non-empty diagnostics.
local function open(file)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  if not vim.wait(20000, function()
    local p = latest(uri)
    return p ~= nil and #p.diagnostics > 0
  end, 20) then
    error('no diagnostics for ' .. uri .. ' within 20 s')
  end
  return bufnr, uri
end

local ok, failure = pcall(function()
  local bufnr, uri = open(assert(os.getenv('PADDED_CELL_NVIM_DIAGNOSTICS')))
  result.filetype = vim.bo[bufnr].filetype
  result.diagnostics = latest(uri).diagnostics

  bufnr, uri = open(assert(os.getenv('PADDED_CELL_NVIM_FIX')))
  local before, index = latest(uri)
  result.diagnosticsBeforeFix = before.diagnostics
  local target
  for _, d in ipairs(before.diagnostics) do
    if d.code == 'PC301' then
      target = d
    end
  end
  if not target then
    error('no PC301 diagnostic to ask code actions for')
  end
  local params = { textDocument = { uri = uri }, range = target.range, context = { diagnostics = { target } } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000) or {}
  for _, response in pairs(responses) do
    if response.err then
      table.insert(result.errors, 'codeAction: ' .. vim.inspect(response.err))
    end
    for _, action in ipairs(response.result or {}) do
      table.insert(result.codeActions, action)
    end
  end

  for _, action in ipairs(result.codeActions) do
    if action.edit and action.title:find('literal_eval', 1, true) then
      vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
      result.textAfterFix = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
      if not vim.wait(20000, function()
        local _, i = latest(uri)
        return i > index
      end, 20) then
        error('no new diagnostics within 20 s after the fix')
      end
      result.diagnosticsAfterFix = latest(uri).diagnostics
      break
    end
  end
end)
if not ok then
  table.insert(result.errors, tostring(failure))
end
finish()
