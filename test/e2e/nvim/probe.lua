-- Neovim 0.7 headless as a second LSP client of the packaged server, over stdio, with no VS Code
-- middleware: no pull diagnostics, no file watching, only didOpen/didChange. Run on a temporary copy
-- of examples/ with cross-namespace-broken/route.yaml as the current buffer:
--   NV_OUT=result.json NV_ROOT=<copy of examples> NV_NODE=node NV_SERVER=<extension>/dist/server.js \
--     nvim --headless -u NONE -i NONE -n -c 'luafile probe.lua' <root>/cross-namespace-broken/route.yaml
-- It records what it saw in NV_OUT as JSON (the driver asserts on it) and always quits: errors are
-- caught and reported, and every wait is bounded.

local out, root = os.getenv('NV_OUT'), os.getenv('NV_ROOT')
local r = { steps = {} }
local WAIT = 20000

local function step(name) table.insert(r.steps, name) end

local function codes(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(list, d.code or '?') end
  table.sort(list)
  return table.concat(list, ',')
end

local id
local function server_gone()
  local client = vim.lsp.get_client_by_id(id)
  return client == nil or client.is_stopped()
end

-- Waits until the buffer's diagnostics have exactly these codes; gives up early if the server died.
local function wait_codes(buf, want)
  vim.wait(WAIT, function() return codes(buf) == want or server_gone() end, 50)
  return { ok = codes(buf) == want, want = want, got = codes(buf) }
end

local function probe()
  local route = vim.api.nvim_get_current_buf()
  vim.bo[route].filetype = 'yaml' -- -u NONE: no filetype detection; becomes the languageId
  id = vim.lsp.start_client({
    name = 'gateway-refs',
    root_dir = root,
    cmd = { os.getenv('NV_NODE'), os.getenv('NV_SERVER'), '--stdio' },
    settings = { gatewayRefs = { defaultNamespace = 'default' } },
  })
  assert(id, 'start_client failed')
  vim.lsp.buf_attach_client(route, id)

  step('diagnostics on open')
  r.open = wait_codes(route, 'NotAllowedByListeners,RefNotPermitted')
  if not r.open.ok then error('no diagnostics on open' .. (server_gone() and ': the language server exited' or '')) end
  r.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(route)) do
    table.insert(r.diagnostics, { code = d.code, source = d.source, severity = d.severity, lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, message = d.message })
  end

  local function hover(line, col)
    vim.api.nvim_win_set_cursor(0, { line, col })
    local text = {}
    for _, x in pairs(vim.lsp.buf_request_sync(route, 'textDocument/hover', vim.lsp.util.make_position_params(), WAIT) or {}) do
      if x.result then vim.list_extend(text, vim.lsp.util.convert_input_to_markdown_lines(x.result.contents)) end
    end
    return table.concat(text, '\n')
  end
  step('hover')
  r.hover_backend = hover(18, 12) -- route.yaml line 18: the backendRef
  r.hover_parent = hover(10, 12)  -- line 10: the parentRef

  -- Code actions for the diagnostics on a line, with the client's own diagnostics as context.
  local function actions(line)
    vim.api.nvim_win_set_cursor(0, { line, 10 })
    local p = vim.lsp.util.make_range_params()
    p.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(route, line - 1) }
    local list = {}
    for _, x in pairs(vim.lsp.buf_request_sync(route, 'textDocument/codeAction', p, WAIT) or {}) do
      for _, a in ipairs(x.result or {}) do table.insert(list, a) end
    end
    return list
  end
  local function titles(list)
    local t = {}
    for _, a in ipairs(list) do table.insert(t, a.title) end
    return t
  end
  local function find(list, title)
    for _, a in ipairs(list) do if a.title == title then return a end end
    error('no code action titled ' .. title)
  end
  local function attach(path) -- a buffer for another file, announced to the server with didOpen
    local buf = vim.fn.bufadd(path)
    vim.fn.bufload(buf)
    vim.bo[buf].filetype = 'yaml'
    vim.lsp.buf_attach_client(buf, id)
    return buf
  end

  step('code actions')
  local ref_actions = actions(18)
  local parent_actions = actions(10)
  r.actions_backend = titles(ref_actions)
  r.actions_parent = titles(parent_actions)

  -- The grant fix edits reference-grant.yaml, which nvim loads into a new buffer; attaching it
  -- sends didOpen with the edited text: a cross-file update without any file watching.
  step('apply grant fix (didOpen)')
  local grant_path = root .. '/cross-namespace-broken/reference-grant.yaml'
  vim.lsp.util.apply_workspace_edit(find(ref_actions, 'Create ReferenceGrant in backend-ns allowing HTTPRoute from tenant-a').edit, 'utf-16')
  local grant = vim.fn.bufnr(grant_path)
  r.grant_buffer_loaded = grant > 0
  r.grant_text = table.concat(vim.api.nvim_buf_get_lines(grant, 0, -1, false), '\n')
  attach(grant_path)
  r.after_grant = wait_codes(route, 'NotAllowedByListeners')

  -- The label fix, applied to a buffer that is already open: the server hears of it by didChange.
  step('apply label fix (didChange)')
  local ns_path = root .. '/cross-namespace-broken/namespaces.yaml'
  local ns = attach(ns_path) -- didOpen goes out now, before the edit's didChange
  vim.lsp.util.apply_workspace_edit(find(parent_actions, 'Label Namespace tenant-a with tenant=tenant-a').edit, 'utf-16')
  r.namespaces_text = table.concat(vim.api.nvim_buf_get_lines(ns, 0, -1, false), '\n')
  r.after_label = wait_codes(route, '')

  -- Undo the label in the buffer: didChange brings the route's error back.
  step('undo label (didChange)')
  vim.api.nvim_buf_call(ns, function() vim.cmd('silent undo') end)
  r.after_undo = wait_codes(route, 'NotAllowedByListeners')
  vim.lsp.stop_client(id)
end

local ok, err = pcall(probe)
r.ok = ok
if not ok then r.error = tostring(err) end
local f = assert(io.open(out, 'w'))
f:write(vim.fn.json_encode(r))
f:close()
vim.cmd('qa!')
