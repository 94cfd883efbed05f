// The admin UI: sign-in, a post's gallery, uploads (Dropzone), thumbnail choice and deletions.
// Plain DOM code; the only markup is index.html's templates, filled with textContent (never innerHTML).
import {
  ApiError, SessionExpired, authFetch, currentAccessToken, freshToken, login, logout, onSessionChange, problemText,
  readProblem, refresh, restoreSession,
} from './auth.js';

const POST_ID = /^[A-Za-z0-9_-]{1,64}$/;
const RECENT_POSTS_KEY = 'blog-images-admin.recent-posts'; // post IDs only, never a token

const $ = (id) => document.getElementById(id);
const ui = {
  loading: $('loading'),
  loginView: $('login-view'),
  loginForm: $('login-form'),
  loginError: $('login-error'),
  appView: $('app-view'),
  session: $('session'),
  sessionUser: $('session-user'),
  logout: $('logout'),
  messages: $('messages'),
  status: $('status'),
  postForm: $('post-form'),
  postId: $('post-id'),
  postIdError: $('post-id-error'),
  recentPosts: $('recent-posts'),
  postView: $('post-view'),
  postName: $('post-name'),
  gallery: $('gallery'),
  galleryEmpty: $('gallery-empty'),
  reloadGallery: $('reload-gallery'),
  deleteAll: $('delete-all'),
  uploads: $('uploads'),
  uploadsHead: $('uploads-head'),
  clearUploads: $('clear-uploads'),
  confirmDialog: $('confirm-dialog'),
  confirmMessage: $('confirm-message'),
  confirmOk: $('confirm-ok'),
};

let currentPost = null;
let shownUser = null;

// ---------------------------------------------------------------------------------------------------------
// Messages: every failure reaches the user; nothing is swallowed.

function showError(error) {
  const text = error instanceof Error ? error.message : String(error);
  const item = document.createElement('div');
  item.className = 'message error';
  const span = document.createElement('span');
  span.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'secondary small';
  close.textContent = 'Dismiss';
  close.setAttribute('aria-label', `Dismiss: ${text}`);
  close.addEventListener('click', () => item.remove());
  item.append(span, close);
  ui.messages.append(item);
  if (error instanceof SessionExpired) {
    showLogin();
  }
}

function showStatus(text) {
  ui.status.textContent = text;
}

function clearMessages() {
  ui.messages.replaceChildren();
}

window.addEventListener('unhandledrejection', (event) => showError(event.reason));

// ---------------------------------------------------------------------------------------------------------
// Views

function showLogin() {
  shownUser = null;
  ui.loading.hidden = true;
  ui.appView.hidden = true;
  ui.session.hidden = true;
  ui.loginView.hidden = false;
  $('login-username').focus();
}

function showApp(user) {
  ui.loading.hidden = true;
  ui.loginView.hidden = true;
  ui.appView.hidden = false;
  ui.session.hidden = false;
  ui.sessionUser.textContent = user.username;
  const first = shownUser !== user.username;
  shownUser = user.username;
  if (first && !user.roles.includes('admin')) {
    showError(`${user.username} is not an admin: uploads and deletions will be refused.`);
  }
}

onSessionChange((user) => {
  if (user) {
    showApp(user);
  } else if (!ui.loading.hidden || !ui.appView.hidden) {
    showStatus('Signed out.');
    showLogin();
  }
});

ui.loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  ui.loginError.textContent = '';
  const username = ui.loginForm.username.value.trim();
  const password = ui.loginForm.password.value;
  if (!username || !password) {
    ui.loginError.textContent = 'Enter your username and password.';
    return;
  }
  const submit = $('login-submit');
  submit.disabled = true;
  try {
    await login(username, password);
    ui.loginForm.password.value = '';
    clearMessages();
    showStatus(`Signed in as ${username}.`);
    ui.postId.focus();
  } catch (error) {
    ui.loginError.textContent = error.status === 401
      ? 'Wrong username or password.'
      : error.message;
  } finally {
    submit.disabled = false;
  }
});

ui.logout.addEventListener('click', async () => {
  try {
    await logout();
  } catch (error) {
    showError(error);
  }
  closePost();
  showStatus('Signed out.');
  showLogin();
});

// ---------------------------------------------------------------------------------------------------------
// Post selection

function recentPosts() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_POSTS_KEY) || '[]');
    return Array.isArray(list) ? list.filter((id) => POST_ID.test(id)) : [];
  } catch {
    return [];
  }
}

function rememberPost(postId) {
  const list = [postId, ...recentPosts().filter((id) => id !== postId)].slice(0, 10);
  try {
    localStorage.setItem(RECENT_POSTS_KEY, JSON.stringify(list));
  } catch {
    // storage full or disabled: the list is only a convenience
  }
  renderRecentPosts();
}

function renderRecentPosts() {
  ui.recentPosts.replaceChildren(...recentPosts().map((id) => {
    const option = document.createElement('option');
    option.value = id;
    return option;
  }));
}

ui.postForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const postId = ui.postId.value.trim();
  if (!POST_ID.test(postId)) {
    ui.postIdError.textContent = 'A post ID is 1–64 letters, digits, "_" or "-".';
    ui.postId.setAttribute('aria-invalid', 'true');
    ui.postId.focus();
    return;
  }
  ui.postIdError.textContent = '';
  ui.postId.removeAttribute('aria-invalid');
  openPost(postId);
});

function openPost(postId) {
  currentPost = postId;
  rememberPost(postId);
  history.replaceState(null, '', `#post=${postId}`); // a reload comes back to this post
  ui.postName.textContent = postId;
  ui.postView.hidden = false;
  loadGallery().catch(showError);
}

function closePost() {
  currentPost = null;
  history.replaceState(null, '', location.pathname);
  ui.postView.hidden = true;
  ui.gallery.replaceChildren();
}

// ---------------------------------------------------------------------------------------------------------
// Gallery

const postPath = (postId) => `/api/posts/${encodeURIComponent(postId)}`;

async function loadGallery() {
  const postId = currentPost;
  const response = await fetch(`${postPath(postId)}/images`, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new ApiError(response.status, await readProblem(response), `Could not load the images of ${postId}.`);
  }
  const images = await response.json();
  if (postId !== currentPost) {
    return; // the user opened another post meanwhile
  }
  images.sort((a, b) => a.position - b.position);
  ui.gallery.replaceChildren(...images.map(renderImage));
  ui.galleryEmpty.hidden = images.length > 0;
  ui.deleteAll.disabled = images.length === 0;
  ui.gallery.setAttribute('aria-busy', 'false');
}

function formatSize(bytes) {
  if (bytes >= 1024 * 1024) {
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  }
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

function renderImage(image) {
  const item = $('image-template').content.firstElementChild.cloneNode(true);
  item.dataset.key = image.key;
  item.classList.toggle('is-thumbnail', image.thumbnail);
  const name = image.originalFilename || image.key;
  const img = item.querySelector('.image-thumb');
  img.src = image.thumbnailUrl;
  img.alt = name;
  img.width = Math.min(400, image.width || 400);
  img.height = image.width ? Math.round(img.width * image.height / image.width) : 300;
  const link = item.querySelector('.image-name');
  link.href = image.url;
  link.textContent = name;
  item.querySelector('.image-meta').textContent =
    `${image.width}×${image.height} · ${formatSize(image.size)} · #${image.position}`;
  item.querySelector('.badge').hidden = !image.thumbnail;
  const setThumbnail = item.querySelector('.set-thumbnail');
  setThumbnail.hidden = image.thumbnail;
  setThumbnail.setAttribute('aria-label', `Set ${name} as thumbnail`);
  setThumbnail.addEventListener('click', () => run(setThumbnail, () => makeThumbnail(image)));
  const remove = item.querySelector('.delete');
  remove.setAttribute('aria-label', `Delete ${name}`);
  remove.addEventListener('click', () => run(remove, () => deleteImage(image)));
  return item;
}

/** Runs an action with its button disabled; its errors are shown. */
async function run(button, action) {
  button.disabled = true;
  try {
    await action();
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

async function expectOk(response, fallback) {
  if (!response.ok) {
    throw new ApiError(response.status, await readProblem(response), fallback);
  }
  return response;
}

async function makeThumbnail(image) {
  const response = await authFetch(`${postPath(image.postId)}/thumbnail`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key: image.key }),
  });
  await expectOk(response, 'Could not set the thumbnail.');
  showStatus(`${image.originalFilename || image.key} is now the thumbnail.`);
  await loadGallery();
}

async function deleteImage(image) {
  const name = image.originalFilename || image.key;
  if (!await confirmAction(`Delete ${name}? This cannot be undone.`, 'Delete')) {
    return;
  }
  const response = await authFetch(`/api/images/${encodeURIComponent(image.key)}`, { method: 'DELETE' });
  await expectOk(response, `Could not delete ${name}.`);
  showStatus(`${name} deleted.`);
  await loadGallery();
}

ui.deleteAll.addEventListener('click', () => run(ui.deleteAll, async () => {
  const postId = currentPost;
  const count = ui.gallery.children.length;
  if (!await confirmAction(`Delete all ${count} images of post ${postId}? This cannot be undone.`, 'Delete all')) {
    return;
  }
  const response = await authFetch(`${postPath(postId)}/images`, { method: 'DELETE' });
  await expectOk(response, `Could not delete the images of ${postId}.`);
  showStatus(`All images of ${postId} deleted.`);
  await loadGallery();
}));

ui.reloadGallery.addEventListener('click', () => run(ui.reloadGallery, loadGallery));

// ---------------------------------------------------------------------------------------------------------
// Confirmation: a modal <dialog> (focus is trapped and Escape cancels)

function confirmAction(message, okLabel) {
  ui.confirmMessage.textContent = message;
  ui.confirmOk.textContent = okLabel;
  ui.confirmDialog.returnValue = '';
  ui.confirmDialog.showModal();
  $('confirm-cancel').focus();
  return new Promise((resolve) => {
    ui.confirmDialog.addEventListener('close', () => resolve(ui.confirmDialog.returnValue === 'ok'), { once: true });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Uploads: one request per file, one after the other (so the first dropped file becomes the thumbnail of a
// new post), per-file progress and the server's problem detail per file.

const Dropzone = window.Dropzone;
Dropzone.autoDiscover = false;

const dropzone = new Dropzone($('dropzone'), {
  url: (files) => `${postPath(files[0].postId)}/images`,
  method: 'post',
  paramName: 'file',
  uploadMultiple: false,
  parallelUploads: 1,
  timeout: 120000,
  maxFilesize: 4096, // MiB: no real client-side limit, the server's 413 (its configured limit) is shown instead
  acceptedFiles: 'image/jpeg,image/png,image/gif,image/webp',
  clickable: '#choose-files',
  previewsContainer: ui.uploads,
  previewTemplate: $('upload-template').innerHTML,
  thumbnailWidth: 96,
  thumbnailHeight: 96,
  dictInvalidFileType: 'Not an image type this site accepts (JPEG, PNG, GIF, WebP).',
  dictFileTooBig: 'File too large ({{filesize}} MiB; at most {{maxFilesize}} MiB).',
  dictResponseError: 'The server answered {{statusCode}}.',
  // Dropzone passes the load error Event instead of a data URL when a file named like an image does not decode
  // (it would then request "/[object Event]"): only real previews are shown.
  thumbnail(file, dataUrl) {
    if (file.previewElement && typeof dataUrl === 'string') {
      const img = file.previewElement.querySelector('[data-dz-thumbnail]');
      img.alt = file.name;
      img.src = dataUrl;
    }
  },
  // Runs right before each file is sent: makes sure the access token is fresh (refreshing it if needed).
  transformFile(file, done) {
    freshToken().then(() => done(file), (error) => {
      showError(error);
      done(file); // the server's 401 is then shown on the file as well
    });
  },
  error(file, message, xhr) {
    if (xhr && xhr.status === 401 && !file.authRetried) {
      // The access token was refused: refresh once (shared with any other refresh) and send the file again.
      file.authRetried = true;
      refresh(file.sentToken).then(() => {
        file.status = Dropzone.ADDED;
        file.previewElement.classList.remove('dz-error');
        this.enqueueFile(file);
      }, (error) => reportUploadError(file, error.message));
      return;
    }
    let text = message;
    if (typeof message === 'string' && xhr && xhr.getResponseHeader('content-type')?.includes('json')) {
      try {
        text = JSON.parse(message);
      } catch {
        // not JSON after all: shown as it is
      }
    }
    let detail = problemText(text) || (xhr ? `The server answered ${xhr.status}.` : String(message));
    if (xhr && xhr.status === 0) {
      detail = 'The connection ended before the server answered (network error, or the file was refused while it was being sent).';
    }
    reportUploadError(file, xhr && xhr.status ? `${xhr.status}: ${detail}` : detail);
  },
});

function reportUploadError(file, text) {
  if (!file.previewElement) {
    return;
  }
  file.previewElement.classList.add('dz-error');
  file.previewElement.querySelector('[data-dz-errormessage]').textContent = text;
  file.previewElement.querySelector('.upload-state').textContent = 'Failed';
}

dropzone.on('addedfile', (file) => {
  file.postId = currentPost;
  ui.uploadsHead.hidden = false;
  file.previewElement.querySelector('.upload-state').textContent = `Waiting · post ${currentPost}`;
  file.previewElement.querySelector('.upload-progress').setAttribute('aria-label', `Upload of ${file.name}`);
});

dropzone.on('sending', (file, xhr) => {
  // Dropzone's headers option is static; the token is added per request here, after transformFile renewed it.
  const token = currentAccessToken();
  file.sentToken = token;
  if (token) {
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
  }
  file.previewElement.querySelector('.upload-state').textContent = 'Uploading…';
});

dropzone.on('success', (file) => {
  file.previewElement.querySelector('.upload-state').textContent = 'Uploaded';
  if (file.postId === currentPost) {
    loadGallery().catch(showError);
  }
});

ui.clearUploads.addEventListener('click', () => {
  for (const file of dropzone.files.slice()) {
    if (file.status === Dropzone.SUCCESS || file.status === Dropzone.ERROR || file.status === Dropzone.CANCELED) {
      dropzone.removeFile(file);
    }
  }
  ui.uploadsHead.hidden = dropzone.files.length === 0;
});

// ---------------------------------------------------------------------------------------------------------
// Start: restore the session from the refresh cookie, if any.

renderRecentPosts();
restoreSession().then((user) => {
  if (user) {
    showApp(user);
    const linked = /^#post=([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
    if (linked) {
      ui.postId.value = linked[1];
      openPost(linked[1]);
    }
  } else {
    showLogin();
  }
}, (error) => {
  showLogin();
  showError(error);
});
